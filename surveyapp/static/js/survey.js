// Small helpers on top of pages that work without JavaScript:
// focus the error summary (or conflict notice) after a failed save, focus the field behind a
// summary link, re-announce the status message, offer a print button on the copy, show a
// follow-up question in place as soon as the answer that asks for it is given, and send a form
// shown again after a lost cookie with a fresh token.
(function () {
  "use strict";

  function focusOnLoad() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  }

  function linkSummaryToFields() {
    var links = document.querySelectorAll(".error-summary a[href^='#']");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function (event) {
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) {
          return;
        }
        event.preventDefault();
        var group = input.closest("fieldset, .question");
        (group || input).scrollIntoView();
        input.focus({ preventScroll: true });
      });
    });
  }

  function announceStatus() {
    var region = document.querySelector("[data-announce]");
    if (!region || !region.innerHTML.trim()) {
      return;
    }
    var content = region.innerHTML;
    region.innerHTML = "";
    window.setTimeout(function () {
      region.innerHTML = content;
    }, 250);
  }

  function printButtons() {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  // A question slot carries its rule from the server (`respond.reveal`): a small tree over
  // the page's radio buttons, checkboxes and number fields, each choice already worked out
  // there per value. The inputs of a hidden slot are disabled, so they count as unanswered, as
  // on the server, and only what the respondent sees is sent; the "shown" field tells the
  // server which questions the respondent has seen, so none is new to it on "Weiter".
  function revealInPlace() {
    var form = document.querySelector("form.survey-form");
    var slots = form ? form.querySelectorAll("[data-reveal]") : [];
    if (!slots.length) {
      return;
    }
    var shownField = form.querySelector("input[name='shown']");
    var shown = shownField.value.split(" ").filter(Boolean);
    var status = document.querySelector("[data-announce]");

    function inputsNamed(name) {
      return Array.prototype.filter.call(form.elements, function (input) {
        return input.name === name && !input.disabled;
      });
    }

    function chosen(name) {
      return inputsNamed(name).filter(function (input) { return input.checked; });
    }

    // A number as the server reads it (`forms.parsing`): thousands grouped in an integer,
    // a comma or a point in a decimal, "1.500" in a decimal ambiguous; null for no number.
    function numberIn(name, kind) {
      var field = inputsNamed(name)[0];
      var text = field ? field.value.trim().replace(/[\u00a0\u202f]/g, " ") : "";
      if (kind === "integer") {
        if (/^[+-]?\d+$/.test(text) || /^[+-]?\d{1,3}(?:[. ]\d{3})+$/.test(text)) {
          return parseInt(text.replace(/[. ]/g, ""), 10);
        }
        return null;
      }
      text = text.replace(/ /g, "");
      if (/^[+-]?\d{1,3}\.\d{3}$/.test(text) || !/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(text)) {
        return null;
      }
      return parseFloat(text.replace(",", "."));
    }

    var comparisons = {
      "==": function (a, b) { return a === b; },
      "!=": function (a, b) { return a !== b; },
      "<": function (a, b) { return a < b; },
      "<=": function (a, b) { return a <= b; },
      ">": function (a, b) { return a > b; },
      ">=": function (a, b) { return a >= b; }
    };

    function compared(rule) {
      var number = numberIn(rule.name, rule.kind);
      if (number === null) {
        return false;
      }
      if (rule.op === "answered") {
        return true;
      }
      var found = rule.values.indexOf(number) !== -1;
      if (rule.op === "in" || rule.op === "notin") {
        return found === (rule.op === "in");
      }
      return comparisons[rule.op](number, rule.values[0]);
    }

    function holds(rule) {
      switch (rule.test) {
        case "const":
          return rule.value;
        case "all":
          return rule.parts.every(holds);
        case "any":
          return rule.parts.some(holds);
        case "not":
          return !holds(rule.part);
        case "radio":
          var radio = chosen(rule.name)[0];
          return rule.values.indexOf(radio ? radio.value : "") !== -1;
        case "box":
          var ticked = chosen(rule.name).some(function (box) { return box.value === rule.code; });
          return ticked ? rule.on : rule.off;
        case "count":
          return rule.holds[Math.min(chosen(rule.name).length, rule.holds.length - 1)];
        case "number":
          return compared(rule);
      }
      return false;
    }

    function setShown(slot, show) {
      slot.hidden = !show;
      var inputs = slot.querySelectorAll("input, select, textarea");
      Array.prototype.forEach.call(inputs, function (input) {
        input.disabled = !show;
      });
      var id = slot.getAttribute("data-question");
      shown = shown.filter(function (other) { return other !== id; });
      if (show) {
        shown.push(id);
      }
    }

    var rules = Array.prototype.map.call(slots, function (slot) {
      return JSON.parse(slot.getAttribute("data-reveal"));
    });

    function update() {
      var appeared = false;
      for (var pass = 0; pass <= slots.length; pass += 1) {
        var changed = false;
        Array.prototype.forEach.call(slots, function (slot, index) {
          var show = holds(rules[index]);
          if (show === slot.hidden) {
            setShown(slot, show);
            changed = true;
            appeared = appeared || show;
          }
        });
        if (!changed) {
          break;
        }
      }
      shownField.value = shown.join(" ");
      return appeared;
    }

    function answerChanged(event) {
      if (event.target.form === form && update() && status) {
        status.textContent = form.getAttribute("data-revealed");
      }
    }

    Array.prototype.forEach.call(slots, function (slot) {
      if (slot.hidden) {
        setShown(slot, false);
      }
    });
    update();
    form.addEventListener("change", answerChanged);
    form.addEventListener("input", answerChanged);
  }

  // A form shown again because the survey's cookie did not come back (`respond.unsaved`)
  // carries a token that only the lost cookie would match. Once the person has allowed
  // cookies, following the advice must work at the first try: before the form is sent, its
  // page is fetched once more, which sets the cookie where the browser now keeps it, and the
  // fresh token is put in. Where cookies are still blocked, the server's advice comes back.
  // (The form's buttons are named "action", so the form's own attributes are read by name.)
  function freshTokenBeforeRetry() {
    var retry = document.querySelector("form input[name='cookie_retry']");
    var form = retry && retry.form;
    if (!form || !window.fetch || !window.DOMParser) {
      return;
    }
    var clicked = null;
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (button && button.form === form && button.type === "submit") {
        clicked = button;
      }
    });

    function send(button) {
      if (button && button.name) {
        var pressed = document.createElement("input");
        pressed.type = "hidden";
        pressed.name = button.name;
        pressed.value = button.value;
        form.appendChild(pressed);
      }
      if (button && button.hasAttribute("formaction")) {
        form.setAttribute("action", button.getAttribute("formaction"));
      }
      HTMLFormElement.prototype.submit.call(form);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter || clicked;
      fetch(form.getAttribute("action"), { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (text) {
          var fresh = new DOMParser().parseFromString(text, "text/html")
            .querySelector("input[name='csrf_token']");
          if (fresh && form.elements.csrf_token) {
            form.elements.csrf_token.value = fresh.value;
          }
        })
        .catch(function () { return null; })
        .then(function () { send(button); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    revealInPlace();
    freshTokenBeforeRetry();
    focusOnLoad();
    linkSummaryToFields();
    announceStatus();
    printButtons();
  });
})();
