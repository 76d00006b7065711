// Sargs pages work without this script; it only adds comfort where a browser runs it.
'use strict';
(function () {
  // Live counters (an incident's notified/pending/failed): re-read the API every few seconds.
  document.querySelectorAll('[data-live-url]').forEach(function (region) {
    var url = region.getAttribute('data-live-url');
    var refresh = function () {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) {
          if (!data) return;
          region.querySelectorAll('[data-live-field]').forEach(function (cell) {
            var value = data[cell.getAttribute('data-live-field')];
            if (typeof value !== 'number') return;
            // Only a changed count is written, so a live region announces changes, not every poll.
            var text = value.toLocaleString(document.documentElement.lang);
            if (cell.textContent !== text) cell.textContent = text;
          });
        })
        .catch(function () {});
    };
    setInterval(refresh, 3000);
  });

  // Passkeys (WebAuthn). A form marked data-passkey asks the API for options (a challenge), lets
  // the browser make or use a passkey, and posts the browser's answer with the form, so the page
  // (not this script) shows the outcome. Without script, or without passkey support, the passkey
  // buttons stay hidden or off, and everything else works.
  var passkeys = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
  // The account has no passkey to give as its second step (409 from the options).
  var NO_PASSKEY = {};
  var fromBase64url = function (text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  };
  var toBase64url = function (buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  var decodeIds = function (list) {
    (list || []).forEach(function (descriptor) { descriptor.id = fromBase64url(descriptor.id); });
  };
  // The JSON the API takes (WebAuthn's RegistrationResponseJSON / AuthenticationResponseJSON).
  var credentialJson = function (credential) {
    var r = credential.response;
    var response = r.attestationObject
      ? { clientDataJSON: toBase64url(r.clientDataJSON), attestationObject: toBase64url(r.attestationObject), transports: r.getTransports ? r.getTransports() : undefined }
      : { clientDataJSON: toBase64url(r.clientDataJSON), authenticatorData: toBase64url(r.authenticatorData), signature: toBase64url(r.signature), userHandle: r.userHandle ? toBase64url(r.userHandle) : undefined };
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      authenticatorAttachment: credential.authenticatorAttachment || undefined
    });
  };
  if (passkeys) {
    document.querySelectorAll('[data-passkey-section]').forEach(function (section) { section.hidden = false; });
    document.querySelectorAll('[data-passkey-unsupported]').forEach(function (note) { note.hidden = true; });
  }
  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    if (!passkeys) return;
    var button = form.querySelector('button[type=submit]');
    var status = document.getElementById(form.getAttribute('data-passkey-status'));
    var making = form.getAttribute('data-passkey') === 'register';
    if (button) button.disabled = false;
    var fail = function (message) {
      if (status) {
        status.textContent = message;
        status.hidden = false;
      }
      if (button) button.disabled = false;
    };
    form.addEventListener('submit', function (event) {
      var name = form.querySelector('[name=name]');
      // An empty name goes to the server as it is, which says what is missing.
      if (making && name && name.value.trim() === '') return;
      event.preventDefault();
      if (button) button.disabled = true;
      if (status) status.hidden = true;
      fetch(form.getAttribute('data-passkey-options'), { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (res) {
          if (res.status === 409 && form.hasAttribute('data-passkey-none')) throw NO_PASSKEY;
          if (!res.ok) throw new Error('options: ' + res.status);
          return res.json();
        })
        .then(function (answer) {
          var options = answer.options;
          form.querySelector('[name=challengeId]').value = answer.challengeId;
          options.challenge = fromBase64url(options.challenge);
          if (making) {
            options.user.id = fromBase64url(options.user.id);
            decodeIds(options.excludeCredentials);
            return navigator.credentials.create({ publicKey: options });
          }
          decodeIds(options.allowCredentials);
          return navigator.credentials.get({ publicKey: options });
        })
        .then(function (credential) {
          form.querySelector('[name=credential]').value = credentialJson(credential);
          form.submit();
        })
        .catch(function (err) {
          if (err === NO_PASSKEY) return fail(form.getAttribute('data-passkey-none'));
          fail(form.getAttribute(err && err.name === 'NotAllowedError' ? 'data-passkey-cancelled' : 'data-passkey-failed'));
        });
    });
  });
})();
