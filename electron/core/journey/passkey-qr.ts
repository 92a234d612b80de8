import QRCode from 'qrcode';

/** The link as a QR code: an SVG data: URL the screen shows as an image (the CSP allows data: images). */
export async function passkeyQr(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
