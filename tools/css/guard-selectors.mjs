// Selectors that Safari 15.0–15.3 and Firefox ESR 115 do not know invalidate a whole rule,
// including the other selectors of its list. These two plugins keep each such selector
// behind an `@supports selector(…)` of its own, so an old browser skips exactly that part
// and the feature check (check-support.mjs) can see that it is guarded.

/** The rule's selectors that use `pattern`, and those that don't. */
function split(rule, pattern) {
  const uses = [];
  const rest = [];
  for (const selector of rule.selectors) {
    (pattern.test(selector) ? uses : rest).push(selector);
  }
  return { uses, rest };
}

function insideSupports(rule, condition) {
  for (let node = rule.parent; node; node = node.parent) {
    if (node.type === "atrule" && node.name === "supports" && node.params === condition) {
      return true;
    }
  }
  return false;
}

/** `rule` with only `selectors`, wrapped in `@supports condition`, inserted after `after`. */
function guardedCopy(postcss, rule, selectors, condition, after) {
  const copy = rule.clone({ selectors });
  const supports = postcss.atRule({ name: "supports", params: condition });
  supports.append(copy);
  after.after(supports);
  return supports;
}

/**
 * `:focus-visible` for Safari 15.0–15.3: there the rule is applied on `:focus` instead (a
 * focus ring also after a mouse click, which is better than none), everywhere else as written.
 */
export function focusVisibleFallback() {
  const pattern = /:focus-visible\b/;
  const supported = "selector(:focus-visible)";
  const fallback = "not selector(:focus-visible)";
  return {
    postcssPlugin: "surveyapp-focus-visible-fallback",
    Once(root, { postcss }) {
      root.walkRules((rule) => {
        if (!pattern.test(rule.selector) || insideSupports(rule, supported)) {
          return;
        }
        const { uses, rest } = split(rule, pattern);
        const onFocus = [...new Set(uses.map((s) => s.replace(/:focus-visible\b/g, ":focus")))];
        const last = guardedCopy(postcss, rule, uses, supported, rule);
        guardedCopy(postcss, rule, onFocus, fallback, last);
        if (rest.length) {
          rule.selectors = rest;
        } else {
          rule.remove();
        }
      });
    },
  };
}
focusVisibleFallback.postcss = true;

/**
 * `:has()` for Firefox ESR 115 and Safari 15.0–15.3: no fallback can say what `:has()` says,
 * so such rules only refine (spacing, cursors, KERN components the app does not use) and old
 * browsers skip them; the other selectors of the same list keep working there.
 */
export function guardHas() {
  const pattern = /:has\(/;
  const supported = "selector(:has(*))";
  return {
    postcssPlugin: "surveyapp-guard-has",
    Once(root, { postcss }) {
      root.walkRules((rule) => {
        if (!pattern.test(rule.selector) || insideSupports(rule, supported)) {
          return;
        }
        const { uses, rest } = split(rule, pattern);
        guardedCopy(postcss, rule, uses, supported, rule);
        if (rest.length) {
          rule.selectors = rest;
        } else {
          rule.remove();
        }
      });
    },
  };
}
guardHas.postcss = true;
