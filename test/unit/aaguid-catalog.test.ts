import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AaguidCatalog, parseMdsBlob } from '../../electron/core/fido/keys/aaguid-catalog';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from '../../electron/core/fido/virtual';

const b64u = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u(payload)}.c2ln`;

describe('AAGUID → model name', () => {
  it('the curated table names common keys and our virtual key', () => {
    const catalog = AaguidCatalog.curated();
    expect(catalog.lookup('2FC0579F-8113-47EA-B116-BB5A8DB9202A')?.name).toBe('YubiKey 5 Series with NFC');
    expect(catalog.lookup('42b4fb4a-2866-43b2-9bf7-6c6669c2e5d3')?.name).toBe('Google Titan Security Key v2');
    expect(catalog.lookup(VIRTUAL_AUTHENTICATOR_AAGUID)).toEqual({ name: 'Enrollment Kiosk virtual key (training)', vendor: 'Enrollment Kiosk', source: 'curated' });
    expect(catalog.lookup('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('an MDS3 blob adds entries by aaguid (FIDO2) and keeps the curated names first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mds-'));
    try {
      const file = join(dir, 'blob.jwt');
      writeFileSync(file, jwt({
        no: 42,
        nextUpdate: '2030-01-01',
        entries: [
          { aaguid: '11111111-2222-4333-8444-555555555555', metadataStatement: { description: 'Acme FIDO2 Key', aaguid: '11111111-2222-4333-8444-555555555555' } },
          { aaguid: '2fc0579f-8113-47ea-b116-bb5a8db9202a', metadataStatement: { description: 'Other name' } },
          { aaid: '4e4e#4005', metadataStatement: { description: 'UAF authenticator without AAGUID' } },
        ],
      }));
      const catalog = AaguidCatalog.withMdsBlob(file);
      expect(catalog.lookup('11111111-2222-4333-8444-555555555555')).toEqual({ name: 'Acme FIDO2 Key', vendor: null, source: 'mds' });
      expect(catalog.lookup('2fc0579f-8113-47ea-b116-bb5a8db9202a')?.source).toBe('curated');
      expect(catalog.size).toBe(AaguidCatalog.curated().size + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses files that are not an MDS3 JWT with a clear error', () => {
    expect(() => parseMdsBlob('not a jwt')).toThrow(/not a JWT/);
    expect(() => parseMdsBlob(`a.${Buffer.from('{').toString('base64url')}.c`)).toThrow(/not JSON/);
    expect(() => parseMdsBlob(jwt({ entries: 'x' }))).toThrow(/not an MDS3 BLOB/);
  });
});
