// "Turn on notifications on this device" on Settings → Reminders: registers the service worker
// (/sw.js), asks for permission, subscribes with the server's public key and posts the
// subscription. Without this script the button stays hidden and the page says why.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box) { return; }
  var button = document.getElementById("push-on");
  var status = document.getElementById("push-status");
  function say(text) { status.textContent = text; }
  document.getElementById("push-nojs").hidden = true;

  if (!window.isSecureContext) {
    say("Notifications need this page opened over HTTPS (or on localhost).");
    return;
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("This browser cannot receive notifications from a web page. On an iPhone or iPad " +
        "(iOS 16.4 or later), add the tracker to the Home Screen and open it from there.");
    return;
  }
  var registered = navigator.serviceWorker.register(box.dataset.worker, { scope: box.dataset.scope });
  registered.then(function () { box.setAttribute("data-worker-ready", "yes"); }, function (error) {
    say("The page's notification helper could not start: " + error.message);
  });
  button.hidden = false;
  if (Notification.permission === "denied") {
    say("Notifications are blocked for this site in the browser's settings: allow them there first.");
  }

  function serverKey() {
    var text = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(text + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function sameKey(sub, key) {
    var had = sub.options && sub.options.applicationServerKey;
    if (!had) { return false; }
    var bytes = new Uint8Array(had);
    return bytes.length === key.length && bytes.every(function (b, i) { return b === key[i]; });
  }

  function subscription(registration) {
    var key = serverKey();
    return registration.pushManager.getSubscription().then(function (sub) {
      if (sub && sameKey(sub, key)) { return sub; }
      // Made under another server key: it can no longer be used.
      var cleared = sub ? sub.unsubscribe() : Promise.resolve();
      return cleared.then(function () {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
    });
  }

  function keep(sub) {
    return fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: JSON.stringify(sub),
    }).then(function (response) {
      return response.json().catch(function () {
        throw new Error("the server did not answer as expected; log in again and retry.");
      }).then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || "the server answered " + response.status + "."); }
        window.location.reload();
      });
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("Turning on…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("notifications were not allowed. Allow them for this site in the browser's settings.");
      }
      return registered.then(function () { return navigator.serviceWorker.ready; });
    }).then(subscription).then(keep).catch(function (error) {
      button.disabled = false;
      say("Notifications could not be turned on: " + (error && error.message ? error.message : error));
    });
  });
})();
