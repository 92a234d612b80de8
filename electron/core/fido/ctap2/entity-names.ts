/**
 * CTAP 2.1 section 6.1.2 lets the platform truncate rp.name, user.name and user.displayName to
 * 64 bytes; keys with a small maxMsgSize refuse a request that carries longer ones.
 */
export const MAX_ENTITY_NAME_BYTES = 64;

/** The longest prefix of `text` that fits into `maxBytes` of UTF-8, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const codePoint of text) {
    bytes += Buffer.byteLength(codePoint, 'utf8');
    if (bytes > maxBytes) break;
    end += codePoint.length;
  }
  return text.slice(0, end);
}
