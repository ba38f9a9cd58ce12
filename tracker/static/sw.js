// The tracker's service worker, served at /sw.js so that its scope is the whole app. It only
// shows a reminder the server pushes (title, text, the Taken / Skip buttons) and opens the
// page a tap chooses. No fetch handler and no cache: every page still comes from the server.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data.text() };
  }
  // Browsers show at most two buttons; Safari shows none (a tap opens the app instead).
  var actions = (data.actions || []).slice(0, 2);
  var home = new URL("today", self.registration.scope).href;
  event.waitUntil(self.registration.showNotification(data.title || "Tracker", {
    body: data.body || "",
    icon: new URL("static/icon-192.png", self.registration.scope).href,
    actions: actions.map(function (a, i) { return { action: "link" + i, title: a.label }; }),
    data: { url: data.url || home, links: actions.map(function (a) { return a.url; }) },
  }));
});

self.addEventListener("notificationclick", function (event) {
  var note = event.notification;
  note.close();
  var url = note.data.url;
  var index = event.action ? Number(event.action.replace("link", "")) : -1;
  if (index >= 0 && note.data.links[index]) { url = note.data.links[index]; }
  event.waitUntil(self.clients.openWindow(url));
});
