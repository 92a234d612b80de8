import { describe, expect, it } from 'vitest';
import { truncateUtf8 } from '../../electron/core/fido/ctap2/entity-names';
import { makeCredentialParams } from '../../electron/core/fido/ctap2/make-credential';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('rp.name, user.name and user.displayName go to the key cut to 64 bytes of UTF-8, never inside a code point', () => {
  it('cuts before a 2-, 3- or 4-byte character that would cross the limit', () => {
    expect(truncateUtf8('a'.repeat(63) + 'é', 64)).toBe('a'.repeat(63));
    expect(truncateUtf8('a'.repeat(62) + '€', 64)).toBe('a'.repeat(62));
    expect(truncateUtf8('a'.repeat(61) + '😀', 64)).toBe('a'.repeat(61));
    expect(truncateUtf8('a'.repeat(60) + '😀x', 64)).toBe('a'.repeat(60) + '😀');
    expect(truncateUtf8('short', 64)).toBe('short');
  });

  it('makeCredential parameters carry the cut names; the user ID and RP ID stay whole', () => {
    const params = makeCredentialParams({
      clientDataHash: new Uint8Array(32),
      rp: { id: 'example.com', name: 'Ü'.repeat(40) },
      user: { id: new Uint8Array(64), name: `${'x'.repeat(300)}@example.com`, displayName: '👩‍💻'.repeat(20) },
      algorithms: [-7],
    });
    const rp = params[2] as { id: string; name: string };
    const user = params[3] as { id: Uint8Array; name: string; displayName: string };
    expect(rp).toEqual({ id: 'example.com', name: 'Ü'.repeat(32) });
    expect(user.name).toBe('x'.repeat(64));
    expect(bytes(user.displayName)).toBeLessThanOrEqual(64);
    expect('👩‍💻'.repeat(20).startsWith(user.displayName)).toBe(true);
    expect(user.displayName).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(user.id).toHaveLength(64);
  });
});
