/* Today: every form saves in place. Without this file every Save posts the whole check-in
   form, the server saves that part, carries the others' choices and redirects to the part's
   anchor; with it, the same POST goes by fetch and only the saved part is redrawn, so the page
   neither reloads nor moves, and what was chosen elsewhere stays as it is. The forms outside
   the check-in (a dose taken, a coffee, a practice, a question) are sent the same way and their
   region (data-region) is redrawn from the answer; an answer that is not Today (a warning to
   confirm, a form to correct) is sent again the ordinary way, its request key keeping a saved
   entry from being saved twice. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form || !window.fetch || !window.DOMParser || !window.FormData) return;

  function swap(doc, id) {
    var fresh = doc.getElementById(id);
    var old = document.getElementById(id);
    if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    return document.getElementById(id);
  }

  function announce(doc) {
    var status = document.getElementById("today-status");
    var flashes = doc.querySelectorAll(".flash");
    var text = Array.prototype.map.call(flashes, function (f) { return f.textContent.trim(); });
    if (status) status.textContent = text.join(" ");
  }

  function save(button, part) {
    var data = new FormData(form);
    if (button.name) data.append(button.name, button.value);
    var top = part.getBoundingClientRect().top;
    button.disabled = true;
    fetch(button.formAction, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var saved = swap(doc, part.id);
      swap(doc, "today-progress");
      announce(doc);
      if (!saved) return;
      // A part that began above the screen folds upwards: keep its summary where the eye is.
      if (top < 0) window.scrollBy(0, saved.getBoundingClientRect().top - 8);
      var summary = saved.querySelector("summary");
      if (summary) summary.focus({ preventScroll: true });
    }).catch(function () {
      // No answer: send the form the ordinary way (the server carries every choice along).
      button.disabled = false;
      form.dataset.plain = "1";
      button.click();
    });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (form.dataset.plain || !button || !button.formAction) return;
    var part = button.closest("[data-part]");
    if (!part || !part.id) return;
    event.preventDefault();
    save(button, part);
  });

  function plain(other, button) {
    other.dataset.plain = "1";
    if (other.requestSubmit) other.requestSubmit(button || undefined); else other.submit();
  }

  function buttonIndex(region, button) {
    return Array.prototype.indexOf.call(region.querySelectorAll("button"), button);
  }

  function saveRegion(other, button, region) {
    var data = new FormData(other);
    if (button && button.name) data.append(button.name, button.value);
    var index = buttonIndex(region, button);
    if (button) button.disabled = true;
    fetch(other.action, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok || new URL(response.url).pathname !== window.location.pathname) {
        throw new Error("not Today");
      }
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = swap(doc, region.id);
      swap(doc, "today-progress");
      announce(doc);
      var again = fresh && fresh.querySelectorAll("button")[index];
      if (again) again.focus({ preventScroll: true });
    }).catch(function () {
      if (button) button.disabled = false;
      plain(other, button);
    });
  }

  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form || other.dataset.plain || other.method.toLowerCase() !== "post") return;
    var region = other.closest("[data-region]");
    if (!region || !region.id) return;
    event.preventDefault();
    saveRegion(other, event.submitter, region);
  });

  // Enter in a field saves the part it is in, not the first part of the form.
  form.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || field.tagName !== "INPUT") return;
    var part = field.closest("[data-part]");
    var button = part && part.querySelector("button.primary[formaction]");
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
