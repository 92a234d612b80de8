/**
 * Origins compared the way the shell needs them. WHATWG URL gives non-special schemes such as
 * app:// the opaque origin "null", so the origin is rebuilt from scheme and host instead.
 */
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** True only when the URL parses and its origin is exactly one of the trusted ones. */
export function isTrustedOrigin(url: string | undefined | null, trusted: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trusted.includes(origin);
}
