// Preselect the browser's time zone on the sign-up form (the select works without this too).
(function () {
  var select = document.querySelector("select[data-detect-zone]");
  if (!select || !window.Intl || select.value !== "UTC") { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.value = zone; return; }
  }
})();
