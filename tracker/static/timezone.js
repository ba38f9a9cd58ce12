// Preselect the browser's time zone on the sign-up form; without this script the person
// picks it (common zones come first), and a zone already chosen is never replaced.
(function () {
  var select = document.querySelector("select[data-detect-zone]");
  if (!select || !window.Intl || select.value !== "") { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.value = zone; return; }
  }
})();
