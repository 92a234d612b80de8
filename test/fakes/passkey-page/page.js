// The script of the fake IdPs' passkey page (test/fakes/passkey-enrollment-page.ts). It asks
// the fake for creation options, lets the device's authenticator create the passkey with
// @simplewebauthn/browser (loaded before this file) and sends the answer back, where the fake
// verifies it with @simplewebauthn/server. A file, not an inline script, so the page's CSP
// can forbid inline code as a real IdP's does.
const button = document.getElementById('create-passkey');
const status = document.getElementById('status');

button.addEventListener('click', async () => {
  button.disabled = true;
  show('Follow the steps on your device.', 'info');
  try {
    const optionsJSON = await post(button.dataset.options, {});
    let response;
    try {
      response = await window.SimpleWebAuthnBrowser.startRegistration({ optionsJSON });
    } catch (error) {
      throw new Error(`No passkey was created (${error.name}). Press the button to try again.`, { cause: error });
    }
    await post(button.dataset.verify, { response });
    button.hidden = true;
    show('Passkey created. You can close this page.', 'done');
  } catch (error) {
    button.disabled = false;
    show(error.message, 'error');
  }
});

async function post(url, body) {
  const reply = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new Error(json.error ?? `The server answered ${reply.status}. Ask at the kiosk for help.`);
  return json;
}

function show(text, kind) {
  status.textContent = text;
  status.className = kind;
}
