// Passkeys (WebAuthn): a form with data-passkey="create" (Settings → Security) or "get" (the
// login page, the second step) asks the server for options (data-options, a POST with the
// form's CSRF token), runs navigator.credentials.create/get, and sends the form with the
// browser's answer as JSON in its hidden field (data-field). A form that changes a factor of
// an account with passkeys and no authenticator holds a hidden field with
// data-confirm-options: one of the account's passkeys signs first, into that field. The
// server checks everything. Without this script the passkey buttons stay hidden and the page
// says passkeys need it.
(function () {
  "use strict";

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(b64 + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); }).buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials)
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withIds(json.allowCredentials)
    });
  }

  function answer(credential) {
    var r = credential.response, response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) { response.userHandle = toText(r.userHandle); }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: response,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults()
    });
  }

  function options(form, url) {
    var token = form.querySelector("input[name=csrf_token]");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: "{}"
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) { throw new Error(json.error || "The server did not answer."); }
        return json;
      });
    });
  }

  function confirmFirst(form, status) {  // the account's own passkey, when the form asks for it
    var field = form.querySelector("input[data-confirm-options]");
    if (!field) { return Promise.resolve(); }
    status.textContent = "Follow your device's prompt to confirm with one of your passkeys…";
    return options(form, field.getAttribute("data-confirm-options")).then(function (json) {
      return navigator.credentials.get({ publicKey: requestOptions(json) });
    }).then(function (credential) { field.value = answer(credential); });
  }

  function run(form, button, status) {
    var mode = form.getAttribute("data-passkey");
    button.disabled = true;
    confirmFirst(form, status).then(function () {
      if (!mode) { return null; }
      status.textContent = mode === "create" ? "Follow your device's prompt to make the passkey…"
                                             : "Follow your device's prompt to use your passkey…";
      return options(form, form.getAttribute("data-options")).then(function (json) {
        return mode === "create"
          ? navigator.credentials.create({ publicKey: creationOptions(json) })
          : navigator.credentials.get({ publicKey: requestOptions(json) });
      });
    }).then(function (credential) {
      if (credential) {
        form.querySelector("[name=" + form.getAttribute("data-field") + "]").value = answer(credential);
      }
      status.textContent = "Checking…";
      form.submit();
    }).catch(function (error) {
      button.disabled = false;
      status.textContent = error && error.name === "NotAllowedError"
        ? "The passkey prompt was closed or timed out. Try again when you are ready."
        : "The passkey did not work: " + (error && error.message ? error.message : error);
      button.focus();
    });
  }

  var confirming = document.querySelectorAll("input[data-confirm-options]");
  Array.prototype.forEach.call(confirming, function (field) {
    var form = field.form;
    if (form.hasAttribute("data-passkey")) { return; }  // handled below, before its own prompt
    var button = form.querySelector("button[type=submit]");
    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    if (!window.PublicKeyCredential || !window.isSecureContext) {
      status.textContent = "This browser cannot use passkeys here, so it cannot confirm this.";
      return;
    }
    form.addEventListener("submit", function (event) {
      if (field.value) { return; }
      event.preventDefault();
      run(form, button, status);
    });
  });

  var forms = document.querySelectorAll("form[data-passkey]");
  Array.prototype.forEach.call(forms, function (form) {
    var button = form.querySelector("[data-passkey-button]");
    var status = form.querySelector("[data-passkey-status]");
    if (!window.PublicKeyCredential || !window.isSecureContext) {
      status.textContent = "This browser cannot use passkeys here (they need a recent browser " +
                           "and the page opened over HTTPS).";
      return;
    }
    button.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = Array.prototype.filter.call(form.querySelectorAll("[data-passkey-required]"),
        function (field) { return !field.value.trim(); })[0];
      if (missing) {  // before the device's prompt: the server would refuse the form anyway
        status.textContent = "Fill in “" + missing.labels[0].textContent.trim() + "” first.";
        missing.focus();
        return;
      }
      run(form, button, status);
    });
  });
})();
