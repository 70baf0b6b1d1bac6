// Small helpers on top of pages that work without JavaScript:
// focus the error summary (or conflict notice) after a failed save, focus the field behind a
// summary link, re-announce the status message, and offer a print button on the copy.
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

  document.addEventListener("DOMContentLoaded", function () {
    focusOnLoad();
    linkSummaryToFields();
    announceStatus();
    printButtons();
  });
})();
