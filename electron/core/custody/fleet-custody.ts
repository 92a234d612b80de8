import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { envelopeStates, type CustodyList, type CustodyLookup, type CustodyRecord, type Envelope, type EnvelopeState } from '../../../shared/domain/custody';
import type { EventBus } from '../events/event-bus';
import {
  countFleetEnvelopes,
  findFleetEnvelopes,
  fleetEnvelope,
  fleetMoves,
  fleetSessionsWithEnvelopes,
  insertFleetMove,
  listFleetEnvelopes,
  ownEnvelopesMovedInFleet,
  type EnvelopeRef,
  type FleetEnvelope,
  type FleetEnvelopeFilter,
  type FleetMove,
} from '../fleet/fleet-custody-store';
import { isConnectionProblem, type FleetDb } from '../fleet/fleet-db';
import type { FleetRuntime } from '../fleet/fleet-runtime';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { checkMove, type CustodyService } from './custody-service';
import { envelopeKey } from './envelope-code';
import { nextStates, requireTransition } from './envelope-transitions';
import { fleetHistory, withMoveKiosks } from './fleet-history';

export interface FleetCustodyDeps {
  fleet: Pick<FleetRuntime, 'db' | 'flush'>;
  /** This kiosk's name in the fleet, written on its moves for the other kiosks to show. */
  kioskName: string;
  custody: CustodyService;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
}

/**
 * Custody across a fleet: IT finds and moves any kiosk's envelope here. A move is decided in
 * PostgreSQL (fleet.custody_moves, one row per version) so two kiosks never both move one
 * envelope; without the fleet it is refused, since custody must not fork. Lookups fall back to
 * this kiosk's own envelopes and say so. This kiosk's own envelopes take the moves made
 * elsewhere into its file whenever it reads them (find, list, move), so its record stays whole.
 */
export class FleetCustodyService {
  constructor(private readonly deps: FleetCustodyDeps) {}

  async find(code: string): Promise<CustodyLookup> {
    const fleet = this.deps.fleet.db();
    if (fleet) {
      try {
        return await this.findInFleet(fleet, code);
      } catch (error) {
        if (!isConnectionProblem(error)) throw error;
      }
    }
    const local = this.deps.custody.find(code);
    return local ? { kind: 'found', record: this.deps.custody.views.record(local), source: 'kioskOnly' } : { kind: 'unknown', query: code.trim(), source: 'kioskOnly' };
  }

  async list(filter: FleetEnvelopeFilter): Promise<CustodyList> {
    const fleet = this.deps.fleet.db();
    if (fleet) {
      try {
        return await this.listInFleet(fleet, filter);
      } catch (error) {
        if (!isConnectionProblem(error)) throw error;
      }
    }
    return this.deps.custody.views.list(filter, 'kioskOnly');
  }

  /**
   * Moves the envelope one step, as the fleet decides: from the version the screen showed
   * (`version`) or else the one read now. A kiosk that moved it first wins; this move is then
   * refused, naming who moved it, at which kiosk and when.
   */
  async move(code: string, to: EnvelopeState, actor: string, note: string | undefined, version: number | undefined): Promise<CustodyRecord> {
    const input = checkMove(code, to, actor, note);
    const fleet = this.deps.fleet.db();
    if (!fleet) throw needsFleet(input.code);
    try {
      return await this.moveInFleet(fleet, input, version);
    } catch (error) {
      if (isConnectionProblem(error)) throw needsFleet(input.code);
      throw error;
    }
  }

  /** A label is printed by the kiosk that sealed the envelope: another kiosk's is refused here, naming that kiosk. */
  async requireOwn(code: string): Promise<void> {
    const fleet = this.deps.fleet.db();
    if (!fleet || this.deps.custody.find(code)) return;
    let found: FleetEnvelope | null;
    try {
      found = await this.foreign(fleet, code);
    } catch (error) {
      // Unreachable: this kiosk's own answer (not found) is the one to give.
      if (isConnectionProblem(error)) return;
      throw error;
    }
    if (found && found.ref.kioskId !== fleet.kioskId) {
      throw new KioskError('conflict', message('custody.reprintAtSealingKiosk', { sealNumber: found.envelope.sealNumber, kiosk: found.kioskName }), { code: found.envelope.code });
    }
  }

  private async findInFleet(fleet: FleetDb, code: string): Promise<CustodyLookup> {
    const local = this.deps.custody.find(code);
    if (local) return { kind: 'found', record: await this.ownRecord(fleet, local), source: 'fleet' };
    const found = await this.foreign(fleet, code);
    return found ? { kind: 'found', record: await this.foreignRecord(fleet, found), source: 'fleet' } : { kind: 'unknown', query: code.trim(), source: 'fleet' };
  }

  private async moveInFleet(fleet: FleetDb, input: ReturnType<typeof checkMove>, version: number | undefined): Promise<CustodyRecord> {
    const local = this.deps.custody.find(input.code);
    const ref: EnvelopeRef | undefined = local ? { kioskId: fleet.kioskId, localId: local.id } : (await this.foreign(fleet, input.code))?.ref;
    if (!ref) throw notFound(input.code);
    let current = await fleetEnvelope(fleet, ref);
    // The fleet must hold this kiosk's envelope as it is here before its first move there: sent now if it still waits.
    if (local && (!current || (current.version === 0 && current.envelope.state !== local.state))) {
      await this.deps.fleet.flush();
      current = await fleetEnvelope(fleet, ref);
    }
    if (!current) throw new KioskError('unavailable', message('custody.notInFleetYet', { code: shortCode(input.code) }));
    const seen = version ?? current.version;
    if (seen > current.version) {
      throw new KioskError('invalid_input', message('custody.moveInvalid', { problem: `version ${seen} is ahead of the fleet's ${current.version}` }));
    }
    if (seen === current.version) {
      requireTransition(current.envelope.sealNumber, current.envelope.state, input.to);
      const move = { version: seen + 1, kioskName: this.deps.kioskName, from: current.envelope.state, to: input.to, actor: input.actor, note: input.note, at: this.deps.clock.now().toISOString() };
      if (await insertFleetMove(fleet, ref, move)) return this.moved(fleet, local, current, { ...move, kioskId: fleet.kioskId });
    }
    const moves = await fleetMoves(fleet, ref);
    const winner = moves.find((move) => move.version === seen + 1);
    if (!winner) throw new Error(`The fleet has no move ${seen + 1} of envelope ${current.envelope.code} though its version is past ${seen}.`);
    // What the screen showed is out of date: this kiosk's own envelope takes the moves into its
    // file, and every screen hears of the change like of any other.
    if (local) this.deps.custody.applyFleetMoves(local.id, moves, fleet.kioskId);
    this.deps.events.publish('custody.changed', { code: current.envelope.code, sessionId: current.envelope.sessionId });
    throw new KioskError('conflict', movedMeanwhile(current.envelope.sealNumber, winner), { version: winner.version, actor: winner.actor, kiosk: winner.kioskName, at: winner.at, state: winner.to });
  }

  /** The move won: this kiosk's own envelope takes it (and any before it) into its file; another kiosk's is audited here. */
  private async moved(fleet: FleetDb, local: Envelope | null, before: FleetEnvelope, move: FleetMove): Promise<CustodyRecord> {
    if (local) return this.ownRecord(fleet, local);
    const { envelope } = before;
    this.deps.audit.append({
      actor: move.actor,
      action: 'custody.move',
      subject: envelope.code,
      data: { sessionId: envelope.sessionId, attendeeId: envelope.attendeeId, sealNumber: envelope.sealNumber, from: move.from, to: move.to, note: move.note, fleetVersion: move.version, sealedAtKiosk: before.ref.kioskId },
    });
    this.deps.events.publish('custody.changed', { code: envelope.code, sessionId: envelope.sessionId });
    const after = await fleetEnvelope(fleet, before.ref);
    return this.foreignRecord(fleet, after ?? before);
  }

  /** This kiosk's envelope, brought up to the fleet's moves; its history names the kiosks of moves made elsewhere. */
  private async ownRecord(fleet: FleetDb, local: Envelope): Promise<CustodyRecord> {
    const moves = await fleetMoves(fleet, { kioskId: fleet.kioskId, localId: local.id });
    const envelope = this.deps.custody.applyFleetMoves(local.id, moves, fleet.kioskId) ?? local;
    const record = this.deps.custody.views.record(envelope);
    return { ...record, history: withMoveKiosks(record.history, moves, fleet.kioskId), fleet: { sealedAtKiosk: null, version: moves.at(-1)?.version ?? 0 } };
  }

  /** Another kiosk's envelope as the fleet holds it; its label is reprinted at the kiosk that sealed it. */
  private async foreignRecord(fleet: FleetDb, found: FleetEnvelope): Promise<CustodyRecord> {
    const { history, version } = await fleetHistory(fleet, found.ref, fleet.kioskId);
    return {
      envelope: found.envelope,
      owner: found.owner,
      session: found.session,
      history,
      next: [...nextStates(found.envelope.state)],
      reprintable: false,
      fleet: { sealedAtKiosk: found.ref.kioskId === fleet.kioskId ? null : found.kioskName, version },
    };
  }

  /** Another kiosk's envelope by code or seal number; a seal number on envelopes of several kiosks must be told apart by the label's code. */
  private async foreign(fleet: FleetDb, code: string): Promise<FleetEnvelope | null> {
    const key = envelopeKey(code);
    if (!key) return null;
    const found = await findFleetEnvelopes(fleet, key);
    const kiosks = [...new Set(found.map((f) => f.kioskName))];
    if (found.length > 1 && key.kind === 'sealNumber') {
      throw new KioskError('conflict', message('custody.sealNumberAmbiguous', { sealNumber: found[0]?.envelope.sealNumber ?? key.sealNumber, kiosks: kiosks.join(', ') }));
    }
    return found[0] ?? null;
  }

  private async listInFleet(fleet: FleetDb, filter: FleetEnvelopeFilter): Promise<CustodyList> {
    // The list is the fleet's: this kiosk's newest envelopes are in it once sent.
    await this.deps.fleet.flush();
    for (const id of await ownEnvelopesMovedInFleet(fleet)) {
      this.deps.custody.applyFleetMoves(id, await fleetMoves(fleet, { kioskId: fleet.kioskId, localId: id }), fleet.kioskId);
    }
    const [rows, counts, sessions] = await Promise.all([listFleetEnvelopes(fleet, filter), countFleetEnvelopes(fleet, filter.sessionId ?? null), fleetSessionsWithEnvelopes(fleet)]);
    const elsewhere = (kioskId: string, name: string | null) => (kioskId === fleet.kioskId ? null : (name ?? kioskId));
    return {
      envelopes: rows.map((row) => ({ envelope: row.envelope, owner: row.owner, sealedAtKiosk: elsewhere(row.ref.kioskId, row.kioskName) })),
      sessions: sessions.map((s) => ({ id: s.id, department: s.department, facilitator: s.facilitator, startedAt: s.started_at, envelopes: s.envelopes, kiosk: elsewhere(s.kiosk_id, s.kiosk_name) })),
      counts: Object.fromEntries(envelopeStates.map((state) => [state, counts.byState.get(state) ?? 0])) as CustodyList['counts'],
      labelMissing: counts.labelMissing,
      source: 'fleet',
    };
  }
}

const shortCode = (code: string) => code.trim().slice(0, 40);

function notFound(code: string): KioskError {
  return new KioskError('not_found', message('custody.notFound', { code: shortCode(code) }), { code: shortCode(code) });
}

function needsFleet(code: string): KioskError {
  return new KioskError('unavailable', message('custody.moveNeedsFleet', { code: shortCode(code) }));
}

function movedMeanwhile(sealNumber: string, winner: FleetMove) {
  return message('custody.movedMeanwhile', { sealNumber, actor: winner.actor, kiosk: winner.kioskName, at: winner.at.slice(0, 16).replace('T', ' '), envelopeState: winner.to });
}
