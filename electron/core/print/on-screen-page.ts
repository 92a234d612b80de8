import type { PageSize } from '../ports/pdf-renderer';

const xhtml = 'http://www.w3.org/1999/xhtml';
/** CSS pixels per millimetre: what a browser lays a page out at. */
const pxPerMm = 96 / 25.4;

/**
 * A printable document as an SVG image of its page, for the training printer's screen. The
 * document's own HTML and CSS go into a foreignObject unchanged (so the screen shows exactly
 * what would print); as an image it is a document of its own: no script runs in it, it loads
 * nothing, and the kiosk page's strict CSP need not allow inline styles for it.
 *
 * The documents are ours (print/*.ts): one <style>, one <body>, values escaped by escapeHtml.
 * XML wants void elements closed; @page margins do not apply on screen, so they become the
 * page's padding.
 */
export function pageAsSvg(html: string, page: PageSize): string {
  const lang = /<html[^>]*\blang="([^"]*)"/i.exec(html)?.[1] ?? 'en';
  const css = [...html.matchAll(/<style>([\s\S]*?)<\/style>/gi)].map((match) => match[1]).join('\n');
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? '';
  const margin = /@page\s*\{[^}]*\bmargin:\s*([^;}]+)/i.exec(css)?.[1]?.trim() ?? '0';
  const width = round(page.widthMm * pxPerMm);
  const height = round(page.heightMm * pxPerMm);
  const screenCss = `body { box-sizing: border-box; width: ${width}px; height: ${height}px; padding: ${margin}; overflow: hidden; background: #fff; }`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<foreignObject x="0" y="0" width="${width}" height="${height}">`,
    `<html xmlns="${xhtml}" lang="${lang}"><head><style>${escapeStyle(css)}\n${screenCss}</style></head>`,
    `<body>${closeVoidElements(body)}</body></html>`,
    '</foreignObject></svg>',
  ].join('');
}

/** The SVG as a data: URL for an <img>, which the kiosk page's CSP allows (img-src data:). */
export function pageAsImageUrl(html: string, page: PageSize): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(pageAsSvg(html, page))}`;
}

function closeVoidElements(markup: string): string {
  return markup.replace(/<(br|hr|img|wbr|meta|input)\b([^>]*?)\s*\/?>/gi, '<$1$2/>');
}

/** Inside XML, a stylesheet's "<" or "&" would end or break the element. */
function escapeStyle(css: string): string {
  return css.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
