import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { FacilitatorRole } from '../../../shared/domain/access';
import type { KeyService, KeySummary } from '../fido/keys/key-service';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { FacilitatorKeyRecord, FacilitatorKeysRepository } from '../store/facilitator-keys-repository';
import type { Db } from '../store/open-database';
import { facilitatorRegistrationOptions, verifyFacilitatorRegistration, type KioskRp } from './kiosk-relying-party';
import { readyKeys } from './ready-keys';
import { setupCodeHash } from './setup-code';

export interface EnrollInput {
  name: string;
  role: FacilitatorRole;
  pin: string;
  setupCode?: string | undefined;
}

export interface EnrollmentDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  rp: KioskRp;
  repo: FacilitatorKeysRepository;
  /** The keys plugged into the kiosk. */
  keys: KeyService;
  /** Credentials that already unlock this kiosk: a key holding one refuses to register again. */
  exclude: string[];
}

/** Throws `forbidden` unless the setup code is known, unused and unexpired; uses up nothing. */
export function checkSetupCode(deps: Pick<EnrollmentDeps, 'repo' | 'clock'>, code: string): void {
  if (!deps.repo.setupCodeUsable(setupCodeHash(code), deps.clock.now().toISOString())) throw invalidSetupCode();
}

/**
 * Registers the one key plugged in now as a facilitator key (the kiosk is its relying party),
 * added by `addedBy`. A key without a PIN gets `pin` as its new PIN first. The first key's
 * setup code (checked before) is used up only together with the key's row: a failed enrollment
 * (no key plugged in, a wrong PIN) leaves it valid for the next try.
 */
export async function enrollPluggedKey(deps: EnrollmentDeps, input: EnrollInput, addedBy: string, setupCode: string | null): Promise<FacilitatorKeyRecord> {
  const { db, audit, repo, rp, keys, exclude } = deps;
  const key = await singleKey(keys);
  if (key.pinState === 'notSet') await keys.setPin(key.path, input.pin);
  const id = randomUUID();
  const options = await facilitatorRegistrationOptions(rp, { id, name: input.name }, exclude);
  let response;
  try {
    response = await keys.registerOnBehalf({ path: key.path, options, origin: rp.origin, pin: input.pin });
  } catch (error) {
    if (error instanceof KioskError && error.code === 'key_already_registered') {
      throw new KioskError('key_already_registered', message('access.keyAlreadyEnrolled'), { reason: 'excluded' });
    }
    throw error;
  }
  const verified = await verifyFacilitatorRegistration(rp, options.challenge, response);
  const now = deps.clock.now().toISOString();
  const record: FacilitatorKeyRecord = {
    id,
    credentialId: verified.credentialId,
    publicKey: verified.publicKey,
    name: input.name,
    role: input.role,
    aaguid: verified.aaguid,
    keyModel: key.model ?? 'Security key',
    signCount: verified.signCount,
    createdAt: now,
    createdBy: addedBy,
    lastUsedAt: null,
  };
  db.transaction(() => {
    // Inside the transaction that stores the key: a code used meanwhile rolls it back.
    if (setupCode !== null && !repo.useSetupCode(setupCodeHash(setupCode), now)) throw invalidSetupCode();
    repo.insert(record);
    audit.append({ actor: addedBy, action: 'access.keyEnrolled', subject: id, data: { name: record.name, role: record.role, keyModel: record.keyModel, firstKey: setupCode !== null } });
  })();
  return record;
}

async function singleKey(keys: KeyService): Promise<KeySummary> {
  const ready = await readyKeys(keys);
  if (ready.length === 0) throw new KioskError('key_not_found', message('access.noKeyPlugged'));
  if (ready.length > 1) throw new KioskError('conflict', message('access.severalKeys'));
  return ready[0]!;
}

function invalidSetupCode(): KioskError {
  return new KioskError('forbidden', message('access.setupCodeInvalid'));
}
