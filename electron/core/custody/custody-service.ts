import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Envelope, EnvelopeHistoryEntry, EnvelopeLabel, EnvelopeState } from '../../../shared/domain/custody';
import type { EventBus } from '../events/event-bus';
import type { FleetMove } from '../fleet/fleet-custody-store';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { EnvelopesRepository, type EnvelopeFilter } from '../store/envelopes-repository';
import type { Db } from '../store/open-database';
import { RosterRepository } from '../store/roster-repository';
import { SealNumberSequencesRepository } from '../store/seal-number-sequences-repository';
import { SessionsRepository } from '../store/sessions-repository';
import { labelPrintInputSchema, moveInputSchema, parseInput, sealInputSchema, type SealInput } from './custody-inputs';
import { CustodyViews } from './custody-views';
import type { EnvelopesConfig } from './envelopes-config-schema';
import { envelopeKey, newEnvelopeCode } from './envelope-code';
import { isFinal, requireTransition } from './envelope-transitions';
import { nextSealNumber, sealNumberKey, typedSealNumber } from './seal-numbers';

export type { SealInput } from './custody-inputs';

export interface CustodyDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  /** The config's `envelopes` section: the sequence for envelopes that are not pre-numbered. */
  envelopes: EnvelopesConfig;
}

const auditActions = { seal: 'custody.seal', print: 'custody.printLabel', move: 'custody.move', reprint: 'custody.reprintLabel' } as const;

/** A move's input checked as the contract checks it; destroying needs a note saying why. */
export function checkMove(code: string, to: EnvelopeState, actor: string, note?: string): { code: string; to: EnvelopeState; actor: string; note: string | null } {
  const input = parseInput(moveInputSchema, { code, to, actor, note }, 'custody.moveInvalid');
  const why = input.note ? input.note : null;
  if (input.to === 'destroyed' && why === null) {
    throw new KioskError('invalid_input', message('custody.destroyNeedsNote'), { issues: [{ path: 'note', message: 'required to destroy' }] });
  }
  return { code: input.code, to: input.to, actor: input.actor, note: why };
}

/** A fresh code collides about once in 10^11 seals; a few tries make a collision harmless. */
const CODE_ATTEMPTS = 5;

/**
 * Sealed backup-key envelopes and their custody. The journey seals (one envelope per backup
 * credential); IT finds, moves and reprints. Every change commits together with its history
 * row and its audit event (actor = the person named), then tells the screens.
 */
export class CustodyService {
  readonly views: CustodyViews;
  private readonly db: Db;
  private readonly audit: AuditLog;
  private readonly events: EventBus;
  private readonly clock: Clock;
  private readonly sealNumbers: EnvelopesConfig['sealNumbers'];
  private readonly envelopes: EnvelopesRepository;
  private readonly sequences: SealNumberSequencesRepository;
  private readonly sessions: SessionsRepository;
  private readonly roster: RosterRepository;

  constructor(deps: CustodyDeps) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.events = deps.events;
    this.clock = deps.clock;
    this.sealNumbers = deps.envelopes.sealNumbers;
    this.envelopes = new EnvelopesRepository(deps.db);
    this.sequences = new SealNumberSequencesRepository(deps.db);
    this.sessions = new SessionsRepository(deps.db);
    this.roster = new RosterRepository(deps.db);
    this.views = new CustodyViews(deps.db);
  }

  /**
   * Records the sealed envelope of an attendee's backup key, its label not yet printed (see
   * printLabel). Sealing the same credential again (a retry after a failed print or a crash)
   * returns the envelope it already has instead of making a second.
   */
  seal(raw: SealInput): Envelope {
    const input = parseInput(sealInputSchema, raw, 'custody.sealInvalid');
    const typed = input.sealNumber === null ? null : typedSealNumber(input.sealNumber);
    const result = this.db.transaction(() => {
      const session = this.sessions.get(input.sessionId);
      const attendee = this.roster.get(input.attendeeId);
      if (!session || !attendee || attendee.sessionId !== session.id) {
        throw new KioskError('not_found', message('custody.notOnRoster'), {
          sessionId: input.sessionId,
          attendeeId: input.attendeeId,
        });
      }
      const existing = this.envelopes.byCredential(attendee.id, input.fingerprint);
      if (existing) {
        if (typed !== null && typed.key !== sealNumberKey(existing.sealNumber)) {
          throw new KioskError('conflict', message('custody.keyInOtherEnvelope', { sealNumber: existing.sealNumber, typed: typed.sealNumber }), {
            code: existing.code,
          });
        }
        return { envelope: existing, created: false };
      }
      const taken = typed === null ? null : this.envelopes.bySealKey(typed.key);
      if (typed !== null && taken) {
        throw new KioskError('conflict', message('custody.sealNumberTaken', { sealNumber: taken.sealNumber }), {
          sealNumber: taken.sealNumber,
        });
      }
      const at = this.nowIso();
      const seal = typed ?? nextSealNumber(this.sealNumbers, this.sequences, this.envelopes);
      const envelope: Envelope = {
        id: randomUUID(),
        code: this.freshCode(),
        sealNumber: seal.sealNumber,
        sessionId: session.id,
        attendeeId: attendee.id,
        keyModel: input.keyModel,
        fingerprint: input.fingerprint,
        state: 'sealed',
        createdAt: at,
        updatedAt: at,
        labelPrints: 1,
        labelPrintedAt: null,
      };
      this.envelopes.insert(envelope, seal.key);
      this.recordChange(envelope, { action: 'seal', from: null, to: 'sealed', actor: input.actor, at, note: null }, {
        sealNumberFrom: typed === null ? 'sequence' : 'envelope',
        keyModel: envelope.keyModel,
        fingerprint: envelope.fingerprint,
      });
      return { envelope, created: true };
    })();
    if (result.created) this.publish(result.envelope);
    return result.envelope;
  }

  /** By the label's QR value or the seal number, whatever its case, spaces and dashes; null when unknown. */
  find(codeOrSealNumber: string): Envelope | null {
    const key = envelopeKey(codeOrSealNumber);
    if (!key) return null;
    return key.kind === 'code' ? this.envelopes.byCode(key.code) : this.envelopes.bySealKey(key.sealNumber);
  }

  /** One step along the custody graph (see envelope-transitions.ts); destroying needs a note saying why. */
  move(code: string, to: EnvelopeState, actor: string, note?: string): Envelope {
    const input = checkMove(code, to, actor, note);
    const moved = this.db.transaction(() => {
      const envelope = this.requireEnvelope(input.code);
      requireTransition(envelope.sealNumber, envelope.state, input.to);
      const at = this.nowIso();
      this.envelopes.setState(envelope.id, input.to, at);
      this.recordChange(envelope, { action: 'move', from: envelope.state, to: input.to, actor: input.actor, at, note: input.note }, {});
      return { ...envelope, state: input.to, updatedAt: at };
    })();
    this.publish(moved);
    return moved;
  }

  /**
   * Brings this kiosk's own envelope up to the moves the fleet decided for it, here or at another
   * kiosk: those after its current state, in order, each with its history row (the mover's name
   * and time) and an audit event. The graph never returns to a state, so the state says which
   * moves are applied already, and applying again changes nothing.
   */
  applyFleetMoves(envelopeId: string, moves: readonly FleetMove[], kioskId: string): Envelope | null {
    const result = this.db.transaction(() => {
      const before = this.envelopes.byId(envelopeId);
      if (!before) return null;
      const first = moves.findIndex((move) => move.from === before.state);
      if (first < 0) return { envelope: before, changed: false };
      let envelope = before;
      for (const move of moves.slice(first)) {
        this.envelopes.setState(envelope.id, move.to, move.at);
        const entry = { action: 'move', from: move.from, to: move.to, actor: move.actor, at: move.at, note: move.note } as const;
        const action = move.kioskId === kioskId ? 'custody.move' : 'custody.moveFromFleet';
        this.recordChange(envelope, entry, { fleetVersion: move.version, kiosk: move.kioskName }, action);
        envelope = { ...envelope, state: move.to, updatedAt: move.at };
      }
      return { envelope, changed: true };
    })();
    if (result?.changed) this.publish(result.envelope);
    return result?.envelope ?? null;
  }

  list(filter: EnvelopeFilter = {}): Envelope[] {
    return this.envelopes.list(filter);
  }

  /**
   * Prints the envelope's label through `send`: the first one (the journey right after the seal,
   * or IT when that print failed) or, once one has printed, a reprint, counted and marked
   * REPRINT. The checks come first and the record only after the printer took the label, so a
   * failed print changes nothing and can be tried again; until one succeeds the label is missing.
   */
  async printLabel<R>(code: string, actor: string, reason: string | null, send: (label: EnvelopeLabel) => Promise<R>): Promise<{ envelope: Envelope; receipt: R }> {
    const input = parseInput(labelPrintInputSchema, { code, actor, reason }, 'custody.labelPrintInvalid');
    const before = this.requireReprintable(input.code);
    const label = this.views.label(before);
    const receipt = await send(before.labelPrintedAt === null ? label : { ...label, printNumber: before.labelPrints + 1, reprint: true });
    const printed = this.db.transaction(() => {
      const envelope = this.requireReprintable(input.code);
      const at = this.nowIso();
      // Decided again here: another screen may have printed the first label meanwhile, so this one is a second.
      const first = envelope.labelPrintedAt === null;
      if (first) this.envelopes.labelPrinted(envelope.id, at);
      else this.envelopes.countReprint(envelope.id, at);
      const after = { ...envelope, labelPrints: first ? envelope.labelPrints : envelope.labelPrints + 1, labelPrintedAt: at, updatedAt: at };
      const action = first ? 'print' : 'reprint';
      this.recordChange(after, { action, from: envelope.state, to: envelope.state, actor: input.actor, at, note: input.reason }, { printNumber: after.labelPrints });
      return after;
    })();
    this.publish(printed);
    return { envelope: printed, receipt };
  }

  private requireReprintable(code: string): Envelope {
    const envelope = this.requireEnvelope(code);
    if (isFinal(envelope.state)) {
      throw new KioskError('conflict', message('custody.destroyed', { sealNumber: envelope.sealNumber }), { code: envelope.code });
    }
    return envelope;
  }

  /** The envelope a code or seal number names, or a not_found error saying so. */
  /** The note of the envelope's latest custody event (a move's reason, a recovery's reference). */
  lastNote(codeOrSealNumber: string): string | null {
    const envelope = this.requireEnvelope(codeOrSealNumber);
    return this.envelopes.history(envelope.id).at(-1)?.note ?? null;
  }

  requireEnvelope(codeOrSealNumber: string): Envelope {
    const envelope = this.find(codeOrSealNumber);
    if (!envelope) {
      throw new KioskError('not_found', message('custody.notFound', { code: codeOrSealNumber.trim().slice(0, 40) }), {
        code: codeOrSealNumber.slice(0, 40),
      });
    }
    return envelope;
  }

  private freshCode(): string {
    for (let i = 0; i < CODE_ATTEMPTS; i += 1) {
      const code = newEnvelopeCode();
      if (!this.envelopes.byCode(code)) return code;
    }
    throw new Error(`No unused envelope code after ${CODE_ATTEMPTS} tries; the code generator is broken.`);
  }

  /** The history row and the audit event of one change, in the caller's transaction. */
  private recordChange(envelope: Envelope, entry: EnvelopeHistoryEntry, extra: Record<string, unknown>, action: string = auditActions[entry.action]): void {
    this.envelopes.addEvent(envelope.id, entry);
    this.audit.append({
      actor: entry.actor,
      action,
      subject: envelope.code,
      data: { sessionId: envelope.sessionId, attendeeId: envelope.attendeeId, sealNumber: envelope.sealNumber, from: entry.from, to: entry.to, note: entry.note, ...extra },
    });
  }

  private publish(envelope: Envelope): void {
    this.events.publish('custody.changed', { code: envelope.code, sessionId: envelope.sessionId });
  }

  private nowIso(): string {
    return this.clock.now().toISOString();
  }
}
