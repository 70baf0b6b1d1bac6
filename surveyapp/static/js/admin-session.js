// The researcher area's idle timeout, announced before it strikes (WCAG 2.2.1 Timing
// Adjustable): two minutes before the server ends the session, an alert offers to stay logged
// in; afterwards it says that typed input is kept through the next login. Without JavaScript
// nothing is lost either: the server hands a late form back through the login page.
(function () {
  "use strict";
  var alert = document.getElementById("sitzung");
  if (!alert) {
    return;
  }
  var idle = Number(alert.getAttribute("data-idle-seconds")) * 1000;
  var warnBefore = Math.min(120000, idle / 2);
  var message = alert.querySelector("[data-message]");
  var keep = alert.querySelector("[data-keep]");
  var warning = message.textContent;
  var timers = [];

  function schedule() {
    timers.forEach(clearTimeout);
    alert.hidden = true;
    message.textContent = warning;
    keep.hidden = false;
    timers = [setTimeout(warn, idle - warnBefore), setTimeout(ended, idle)];
  }

  function warn() {
    alert.hidden = false;
  }

  function ended() {
    timers.forEach(clearTimeout);
    message.textContent = alert.getAttribute("data-ended");
    keep.hidden = true;
    alert.hidden = false;
  }

  keep.addEventListener("click", function () {
    fetch(alert.getAttribute("data-keep-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": alert.getAttribute("data-csrf") },
    }).then(function (response) {
      if (response.status === 204) {
        schedule();
      } else {
        ended();
      }
    }, ended);
  });

  schedule();
})();
