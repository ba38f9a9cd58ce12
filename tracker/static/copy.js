// The "Copy" button beside a one-time address or token. The browser lets a page copy only over
// HTTPS (or on localhost); elsewhere, and without this script, the button stays hidden and the
// text sits in its read-only field, ready to select.
(function () {
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = "Copied.";
      }, function () {
        field.select();
        status.textContent = "Could not copy: the text is selected, copy it yourself.";
      });
    });
  });
})();
