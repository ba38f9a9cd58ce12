// Live progress of a running job: reads its status JSON every second and updates the bar and
// the counts in place; when the job ends the page is loaded again to show how it ended.
// Without this script the page reloads itself every few seconds (<noscript> refresh).
(function () {
  var box = document.querySelector("[data-job]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("[data-job-bar]");
  var message = box.querySelector("[data-job-message]");
  var counts = box.querySelector("[data-job-counts]");
  function number(n) { return n.toLocaleString("en"); }
  function show(s) {
    if (s.state !== "queued" && s.state !== "running") { window.location.reload(); return; }
    message.textContent = s.message;
    if (s.percent !== null) { bar.value = s.percent; bar.textContent = s.percent + "%"; }
    var parts = [];
    if (s.rows_total || s.rows_done) {
      parts.push(number(s.rows_done) + (s.rows_total ? " of " + number(s.rows_total) : "") + " rows");
    }
    if (s.bytes_total) { parts.push(number(s.bytes_done) + " of " + number(s.bytes_total) + " bytes read"); }
    counts.textContent = parts.join(" · ");
    window.setTimeout(poll, 1000);
  }
  function poll() {
    fetch(box.getAttribute("data-job"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { show(s); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
