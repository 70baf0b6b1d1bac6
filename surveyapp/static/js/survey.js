// Small helpers on top of pages that work without JavaScript:
// focus the error summary (or conflict notice) after a failed save, focus the field behind a
// summary link, re-announce the status message, offer a print button on the copy, and show a
// follow-up question in place as soon as the answer that asks for it is chosen.
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

  // A question slot carries its rule from the server (`respond.views.reveal_rules`): the radio
  // question that controls it and the values under which it is shown ("" for none). A radio
  // inside a hidden slot counts as unanswered, as on the server. The inputs of a hidden slot
  // are disabled, so only what the respondent sees is sent; the "shown" field tells the
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

    function valueOf(name) {
      var radios = form.querySelectorAll("input[type='radio']");
      for (var i = 0; i < radios.length; i += 1) {
        var slot = radios[i].closest("[data-reveal]");
        if (radios[i].name === name && radios[i].checked && !(slot && slot.hidden)) {
          return radios[i].value;
        }
      }
      return "";
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

    function update() {
      var appeared = false;
      for (var pass = 0; pass <= slots.length; pass += 1) {
        var changed = false;
        Array.prototype.forEach.call(slots, function (slot) {
          var rule = JSON.parse(slot.getAttribute("data-reveal"));
          var show = rule.values.indexOf(valueOf(rule.control)) !== -1;
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

    Array.prototype.forEach.call(slots, function (slot) {
      if (slot.hidden) {
        setShown(slot, false);
      }
    });
    update();
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio" && update() && status) {
        status.textContent = form.getAttribute("data-revealed");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    revealInPlace();
    focusOnLoad();
    linkSummaryToFields();
    announceStatus();
    printButtons();
  });
})();
