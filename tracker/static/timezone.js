// Preselect the browser's time zone on the sign-up form; without this script the person
// picks it (common zones come first), and a zone already chosen is never replaced. The
// device's clock (12- or 24-hour) is taken along the same way; Settings changes it later.
(function () {
  var clock = document.querySelector("input[data-detect-clock]");
  if (clock && window.Intl) {
    var cycle = Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle;
    if (cycle === "h11" || cycle === "h12") { clock.value = "12"; }
  }
})();
(function () {
  var select = document.querySelector("select[data-detect-zone]");
  if (!select || !window.Intl || select.value !== "") { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.value = zone; return; }
  }
})();
