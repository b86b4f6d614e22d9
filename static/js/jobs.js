// The job page (templates/jobs/job.html): polls the job's status until it has finished, then reloads the page,
// which then shows the file's link or the error. A file of its own, as the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function poll(bar) {
    fetch(bar.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        document.getElementById("job-state").textContent = status.state_label;
        var count = document.getElementById("job-count");
        if (count && status.total) count.textContent = status.done + " / " + status.total;
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(bar); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(bar); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.getElementById("job-progress");
    if (bar) poll(bar);
  });
})();
