import type { PageSize } from '../ports/pdf-renderer';

/** Sheet paper: the two office sizes; CUPS knows both by name. */
export const paperSizes = {
  A4: { widthMm: 210, heightMm: 297, media: 'A4' },
  Letter: { widthMm: 215.9, heightMm: 279.4, media: 'Letter' },
} as const satisfies Record<string, PageSize>;
export type PaperName = keyof typeof paperSizes;

/**
 * Envelope labels, portrait: a 62 mm roll cut at 100 mm (Brother QL and similar), a 4×6 inch
 * shipping label (Zebra, Dymo 4XL), or straight onto a C6 envelope. `Custom.WxHmm` lets CUPS
 * match the driver's own size of the same dimensions, or use a custom size where there is none.
 */
export const labelSizes = {
  '62x100mm': { widthMm: 62, heightMm: 100, media: 'Custom.62x100mm' },
  '102x152mm': { widthMm: 101.6, heightMm: 152.4, media: 'Custom.4x6in' },
  C6: { widthMm: 114, heightMm: 162, media: 'Custom.114x162mm' },
} as const satisfies Record<string, PageSize>;
export type LabelSizeName = keyof typeof labelSizes;

export const paperNames = Object.keys(paperSizes) as [PaperName, ...PaperName[]];
export const labelSizeNames = Object.keys(labelSizes) as [LabelSizeName, ...LabelSizeName[]];

/** The CSS `@page size` that matches a page, so Chromium's PDF page is the paper's. */
export function cssPageSize(page: PageSize): string {
  return `${page.widthMm}mm ${page.heightMm}mm`;
}
