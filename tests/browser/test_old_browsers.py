"""The pages as Chrome 109, Firefox ESR 115 and Safari 15 show them, in today's Chromium.

No old browser can be had here, so the page is made to read its CSS as they do what they
lack (oklch(), color-mix(), color(), :has(), :focus-visible): a rule whose selector uses it is
dropped, and so is a declaration whose value does (a custom property keeps it, and whatever
uses the property becomes unset); an @supports block for it is taken out, an
`@supports not selector(:focus-visible)` applied. With KERN's CSS as built, what is left
gives the same buttons, error red and focus ring as today, and axe-core's contrast checks pass.
"""

from __future__ import annotations

from typing import Any

import pytest
from testsupport import assert_accessible

pytestmark = pytest.mark.browser

AS_AN_OLD_BROWSER = r"""() => {
  const lackingCondition = /oklch|color-mix|color\(|selector\(:has|^selector\(:focus-visible\)$/;
  const lackingSelector = /:has\(|:focus-visible/;
  const lackingValue = /oklch\(|color-mix\(|color\(/;
  let changed = 0;
  const forget = (style) => {
    for (const name of Array.from(style)) {
      if (lackingValue.test(style.getPropertyValue(name))) {
        // A custom property keeps what it cannot parse; whatever uses it becomes unset.
        if (name.startsWith("--")) style.setProperty(name, "unknown-colour");
        else style.removeProperty(name);
        changed += 1;
      }
    }
  };
  const walk = (owner) => {
    for (let i = owner.cssRules.length - 1; i >= 0; i -= 1) {
      const rule = owner.cssRules[i];
      if (rule instanceof CSSSupportsRule) {
        if (rule.conditionText === "not selector(:focus-visible)") {
          const inner = Array.from(rule.cssRules, (r) => r.cssText).reverse();
          owner.deleteRule(i);
          inner.forEach((text) => owner.insertRule(text, i));
        } else if (lackingCondition.test(rule.conditionText)) {
          owner.deleteRule(i);
          changed += 1;
        } else {
          walk(rule);
        }
      } else if (rule instanceof CSSStyleRule && lackingSelector.test(rule.selectorText)) {
        owner.deleteRule(i);
        changed += 1;
      } else if (rule instanceof CSSStyleRule) {
        forget(rule.style);
      } else if (rule.cssRules) {
        walk(rule);
      }
    }
  };
  Array.from(document.styleSheets).forEach(walk);
  return changed;
}"""

LOOKS = r"""() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const button = style(".consent-form .kern-btn--primary");
  return {
    "button background": button.backgroundColor,
    "button text": button.color,
    "error text": style("#consent-error .kern-body").color,
    "error icon": style("#consent-error .kern-icon").backgroundColor,
    "error bar": style(".kern-fieldset--error").borderLeftColor,
    "checkbox border": style("#consent").borderTopColor,
  };
}"""

FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return [style.outlineStyle, style.outlineColor, style.outlineWidth];
}"""


def consent_error(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.links[0])
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    return page


def focus_ring_on_the_first_link(page: Any) -> list[str]:
    page.focus("body")
    # From where the focus is, round the whole page (the footer and the browser's own
    # controls) back to the summary at its top.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.error-summary a')"):
            return page.evaluate(FOCUS_RING)
    raise AssertionError("the error summary's link cannot be reached with the Tab key")


def test_old_browsers_show_the_same_colours_and_focus_ring(browser: Any, live_server: Any) -> None:
    page = consent_error(browser, live_server)
    today = page.evaluate(LOOKS)
    today_ring = focus_ring_on_the_first_link(page)

    assert page.evaluate(AS_AN_OLD_BROWSER) > 0
    old = page.evaluate(LOOKS)
    assert old == today
    assert "rgba(0, 0, 0, 0)" not in old.values()
    assert focus_ring_on_the_first_link(page) == today_ring
    assert today_ring[0] != "none"
    assert_accessible(page, "the consent error as an old browser shows it")
    page.context.close()
