import type { Locale } from '../../../../shared/domain/locale';

/**
 * The training enrollment page as the attendee's phone shows it: one heading, one button,
 * a status line. Text in the phone's language (English or German); the name is escaped.
 */
export type EnrollProblem = 'unknown' | 'used' | 'expired';

const text = {
  en: {
    title: 'Create your passkey',
    training: 'TRAINING: this is the kiosk\'s practice sign-in, not your real account.',
    for: 'For {name}',
    explain: 'Your phone or computer asks you to confirm with your fingerprint, face or screen lock. The passkey stays on this device.',
    button: 'Create passkey',
    working: 'Follow the prompt on your device…',
    done: 'Passkey created. You can close this page; the kiosk moves on by itself.',
    failed: 'The passkey was not created. Press the button to try again, or ask the facilitator.',
    unknown: 'This link is not valid. Ask the facilitator for a new code.',
    used: 'This link was already used. If you have no passkey yet, ask the facilitator for a new code.',
    expired: 'This link has expired. Ask the facilitator for a new code.',
  },
  de: {
    title: 'Passkey erstellen',
    training: 'TRAINING: Dies ist die Übungsanmeldung des Kiosks, nicht Ihr echtes Konto.',
    for: 'Für {name}',
    explain: 'Ihr Telefon oder Computer bittet Sie um Bestätigung mit Fingerabdruck, Gesicht oder Bildschirmsperre. Der Passkey bleibt auf diesem Gerät.',
    button: 'Passkey erstellen',
    working: 'Folgen Sie der Aufforderung auf Ihrem Gerät …',
    done: 'Passkey erstellt. Sie können diese Seite schließen; der Kiosk geht von selbst weiter.',
    failed: 'Der Passkey wurde nicht erstellt. Drücken Sie den Knopf für einen neuen Versuch oder fragen Sie die Moderation.',
    unknown: 'Dieser Link ist ungültig. Bitten Sie die Moderation um einen neuen Code.',
    used: 'Dieser Link wurde schon verwendet. Wenn Sie noch keinen Passkey haben, bitten Sie die Moderation um einen neuen Code.',
    expired: 'Dieser Link ist abgelaufen. Bitten Sie die Moderation um einen neuen Code.',
  },
} as const;

export function pickLanguage(acceptLanguage: string | undefined): Locale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('de') ? 'de' : 'en';
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function enrollPageHtml(input: { language: Locale; name: string | null; problem: EnrollProblem | null }): string {
  const t = text[input.language];
  const body = input.problem
    ? `<p class="problem" role="alert">${escapeHtml(t[input.problem])}</p>`
    : `<p class="for">${escapeHtml(t.for.replace('{name}', input.name ?? ''))}</p>
    <p>${escapeHtml(t.explain)}</p>
    <button type="button" id="create" data-working="${escapeHtml(t.working)}" data-done="${escapeHtml(t.done)}" data-failed="${escapeHtml(t.failed)}" data-expired="${escapeHtml(t.expired)}">${escapeHtml(t.button)}</button>
    <p id="status" role="status" aria-live="polite"></p>`;
  return `<!doctype html>
<html lang="${input.language}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(t.title)}</title>
    <link rel="stylesheet" href="/enroll-assets/enroll.css" />
    <script src="/enroll-assets/simplewebauthn-browser.js" defer></script>
    <script src="/enroll-assets/enroll.js" defer></script>
  </head>
  <body>
    <main>
      <p class="training">${escapeHtml(t.training)}</p>
      <h1>${escapeHtml(t.title)}</h1>
      ${body}
    </main>
  </body>
</html>`;
}
