// A job's page follows the job without reloading: the bar moves, the status line changes (a
// polite live region, so a screen reader hears when the job is done, not every step), and the
// download link appears once the file is ready. Without JavaScript, "Stand aktualisieren"
// reloads the page.
(function () {
  "use strict";
  var root = document.querySelector(".admin-job");
  if (!root || ["queued", "running"].indexOf(root.getAttribute("data-status")) < 0) {
    return;
  }
  var bar = root.querySelector("progress");
  var state = root.querySelector("[data-state]");
  var file = root.querySelector("[data-file]");
  var reload = root.querySelector("[data-reload]");
  var last = root.getAttribute("data-status");
  var number = new Intl.NumberFormat("de-DE", { useGrouping: "min2" });

  function show(job) {
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
    }
    if (job.status === last && job.status !== "running") {
      return;
    }
    if (job.status === "done") {
      bar.max = bar.max || 1;
      bar.value = bar.max;
      state.textContent = "Fertig." + (job.note ? " " + job.note : "");
      file.hidden = !job.ready;
      if (reload) {
        reload.hidden = true;
      }
    } else if (job.status === "failed") {
      state.textContent = "Gescheitert: " + job.note;
      if (reload) {
        reload.hidden = true;
      }
    } else if (job.status === "running" && last !== "running") {
      state.textContent = "Läuft.";
    }
    last = job.status;
  }

  function poll() {
    fetch(root.getAttribute("data-state-url"), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (job) {
        if (job) {
          show(job);
          if (job.status === "done" || job.status === "failed") {
            return;
          }
        }
        setTimeout(poll, 1000);
      }, function () {
        setTimeout(poll, 5000);
      });
  }

  setTimeout(poll, 500);
})();
