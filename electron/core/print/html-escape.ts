const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value from a roster, the IdP or a person goes through here before it is put into a document. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * The head every printed document shares. Its CSP keeps the document from loading or running
 * anything at all (no network, no script), whatever ends up in it. It does the job of turning
 * JavaScript off, which headless Chromium's --print-to-pdf cannot do without failing silently.
 */
export function documentHead(options: { lang: string; title: string; css: string }): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${options.css}</style>`,
    '</head>',
  ].join('\n');
}
