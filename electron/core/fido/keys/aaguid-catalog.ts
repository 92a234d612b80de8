import { readFileSync } from 'node:fs';
import { z } from 'zod';
import curated from '../../../../resources/fido/aaguids.json' with { type: 'json' };

export interface KeyModel {
  name: string;
  vendor: string | null;
  source: 'curated' | 'mds';
}

const aaguidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const curatedSchema = z.object({
  models: z.record(aaguidSchema, z.object({ name: z.string().min(1), vendor: z.string().min(1) })),
});

/** The parts of a FIDO MDS3 BLOB payload (FIDO Metadata Service 3.0, section 3.1.6) we read. */
const mdsPayloadSchema = z.object({
  no: z.number().int(),
  nextUpdate: z.string(),
  entries: z.array(
    z.object({
      aaguid: z.string().optional(),
      metadataStatement: z.object({ description: z.string(), aaguid: z.string().optional() }).loose().optional(),
    }).loose(),
  ),
}).loose();

/** AAGUID → model name: the curated table first, then the MDS3 blob when one is configured. */
export class AaguidCatalog {
  private constructor(private readonly models: Map<string, KeyModel>) {}

  static curated(): AaguidCatalog {
    const table = curatedSchema.parse(curated);
    return new AaguidCatalog(new Map(Object.entries(table.models).map(([aaguid, m]) => [aaguid, { name: m.name, vendor: m.vendor, source: 'curated' as const }])));
  }

  /**
   * Adds the entries of a locally stored MDS3 blob (a JWT). No network; the JWT signature is
   * not checked because names are only shown, never trusted for attestation decisions.
   */
  static withMdsBlob(path: string): AaguidCatalog {
    const catalog = AaguidCatalog.curated();
    for (const [aaguid, model] of parseMdsBlob(readFileSync(path, 'utf8'))) {
      if (!catalog.models.has(aaguid)) catalog.models.set(aaguid, model);
    }
    return catalog;
  }

  lookup(aaguid: string): KeyModel | null {
    return this.models.get(aaguid.toLowerCase()) ?? null;
  }

  /** Every model name, once each (firmware versions of one model share it), sorted. */
  names(): string[] {
    return [...new Set([...this.models.values()].map((model) => model.name))].sort((a, b) => a.localeCompare(b, 'en'));
  }

  /** The name as the table spells it, for a name typed in any case; null when no model has it. */
  named(name: string): string | null {
    const wanted = name.trim().toLowerCase();
    for (const model of this.models.values()) if (model.name.toLowerCase() === wanted) return model.name;
    return null;
  }

  get size(): number {
    return this.models.size;
  }
}

export function parseMdsBlob(jwt: string): Map<string, KeyModel> {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3 || !parts[1]) throw new Error('The FIDO metadata file is not a JWT (header.payload.signature).');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new Error('The FIDO metadata file payload is not JSON.');
  }
  const payload = mdsPayloadSchema.safeParse(json);
  if (!payload.success) throw new Error(`The FIDO metadata file payload is not an MDS3 BLOB: ${payload.error.issues[0]?.message ?? 'invalid'}.`);
  const models = new Map<string, KeyModel>();
  for (const entry of payload.data.entries) {
    const aaguid = (entry.aaguid ?? entry.metadataStatement?.aaguid)?.toLowerCase();
    const description = entry.metadataStatement?.description;
    if (aaguid && description && aaguidSchema.safeParse(aaguid).success) models.set(aaguid, { name: description, vendor: null, source: 'mds' });
  }
  return models;
}
