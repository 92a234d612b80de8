// The training enrollment page: fetch creation options, let the browser create the passkey
// (@simplewebauthn/browser, loaded before this file), send it back for verification.
(function () {
  'use strict';
  var button = document.getElementById('create');
  var status = document.getElementById('status');
  if (!button || !status) return;
  var base = window.location.pathname.replace(/\/$/, '');

  function post(path, body) {
    return fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    });
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    status.className = '';
    status.textContent = button.dataset.working;
    post('/options')
      .then(function (reply) {
        if (reply.status === 410) throw new Error('expired');
        return reply.json();
      })
      .then(function (optionsJSON) {
        return window.SimpleWebAuthnBrowser.startRegistration({ optionsJSON: optionsJSON });
      })
      .then(function (response) {
        return post('/verify', { response: response });
      })
      .then(function (reply) {
        if (!reply.ok) throw new Error(reply.status === 410 ? 'expired' : 'failed');
        status.className = 'done';
        status.textContent = button.dataset.done;
        button.hidden = true;
      })
      .catch(function (error) {
        status.className = 'problem';
        status.textContent = error && error.message === 'expired' ? button.dataset.expired : button.dataset.failed;
        button.disabled = false;
      });
  });
})();
