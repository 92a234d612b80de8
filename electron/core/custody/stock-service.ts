import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { StockLine, StockList, StockMovement } from '../../../shared/domain/stock';
import type { EventBus } from '../events/event-bus';
import type { AaguidCatalog } from '../fido/keys/aaguid-catalog';
import type { KeyService } from '../fido/keys/key-service';
import { usableKey } from '../fido/keys/usable-key';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/open-database';
import { StockRepository } from '../store/stock-repository';
import type { StockConfig } from './stock-config-schema';
import { countInputSchema, parseStockInput, receiveInputSchema, refuseInput, type CountInput, type ReceiveInput } from './stock-inputs';

export interface StockDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  /** The config's `stock` section: when to warn. */
  config: StockConfig;
  /** AAGUID → model name, the table the key listings use. */
  catalog: Pick<AaguidCatalog, 'lookup' | 'names' | 'named'>;
  keys: KeyService;
  /** Starts the hotplug events, so a key pulled out is noticed (see countPlugged). */
  watchKeys: () => void;
}

/** What a backup-key step took: its key's model, for the event told once the step is committed. */
export interface TakenKey {
  sessionId: string;
  attendeeId: string;
  credentialId: string;
  aaguid: string | null;
  /** The session's facilitator, or the one unlocked now. */
  actor: string;
}

/** How many of the newest movements the screen shows. */
const RECENT = 12;

/**
 * The stock of fresh keys at this kiosk (its own, also in a fleet): IT records deliveries and
 * counts keys by plugging them in; each backup-key step that registers a key takes one of its
 * model. Every movement commits with its audit event, then the screens are told.
 */
export class StockService {
  private readonly repo: StockRepository;
  /** Per model name: the threshold set for one of its AAGUIDs in the config, the highest if several. */
  private readonly thresholds = new Map<string, number>();
  /** Keys without a USB serial counted since they were plugged in, by path (forgotten when pulled out). */
  private readonly countedPaths = new Set<string>();

  constructor(private readonly deps: StockDeps) {
    this.repo = new StockRepository(deps.db);
    for (const [aaguid, warnBelow] of Object.entries(deps.config.warnBelowFor)) {
      const model = this.modelOf(aaguid.toLowerCase());
      this.thresholds.set(model, Math.max(warnBelow, this.thresholds.get(model) ?? 0));
    }
    deps.events.subscribe((event) => {
      if (event.name === 'key.detached') this.countedPaths.delete((event.payload as { path: string }).path);
    });
  }

  list(): StockList {
    const totals = new Map(this.repo.totals().map((total) => [total.model, total]));
    // A model with a threshold of its own is one IT expects to keep: shown even before its first delivery.
    for (const model of this.thresholds.keys()) if (!totals.has(model)) totals.set(model, { model, received: 0, used: 0, aaguids: [] });
    const lines = [...totals.values()].sort((a, b) => a.model.localeCompare(b.model, 'en')).map((total) => this.line(total));
    return { lines, recent: this.repo.recent(RECENT), warnBelow: this.deps.config.warnBelow, models: this.deps.catalog.names() };
  }

  /** A delivery: its model by name (as the list offers it) or by AAGUID, how many, and a note. */
  receive(raw: ReceiveInput): StockLine {
    const input = parseStockInput(receiveInputSchema, raw, 'stock.receiveInvalid');
    if ((input.model === undefined) === (input.aaguid === undefined)) {
      refuseInput(message('stock.modelOrAaguid'), input.model === undefined ? 'model' : 'aaguid');
    }
    const aaguid = input.aaguid?.toLowerCase() ?? null;
    const model = aaguid ? this.modelOf(aaguid) : this.knownModel(input.model!);
    return this.record({ kind: 'received', model, aaguid, count: input.count, note: input.note || null, actor: input.actor, at: this.nowIso() }, null, 'stock.receive');
  }

  /**
   * Counts the fresh key plugged in at `path` into its model's stock. Fresh means no PIN yet:
   * the kiosk reads that without writing anything to the key, and every key a journey used has
   * one. A key is counted once: by its USB serial number for good where it offers one, else for
   * as long as it stays plugged in (nothing else on a fresh key tells two keys of a model apart).
   */
  async countPlugged(raw: CountInput): Promise<{ line: StockLine; serial: string | null }> {
    const input = parseStockInput(countInputSchema, raw, 'stock.countInvalid');
    this.deps.watchKeys();
    const key = await usableKey(this.deps.keys, input.path);
    // A key that answered its listing named its AAGUID; without one there is no model to count it as.
    if (!key.aaguid) throw new KioskError('key_protocol', message('key.badAnswer'), { path: key.path });
    const model = this.modelOf(key.aaguid);
    if (key.pinState === 'unsupported' || key.pinState === null) throw new KioskError('key_unsupported', message('stock.keyWithoutPin', { model }));
    if (key.pinState === 'set') throw new KioskError('conflict', message('stock.keyNotFresh', { model }), { aaguid: key.aaguid });
    const serial = key.serialNumber?.trim() || null;
    const ref = serial === null ? null : `serial:${key.aaguid}:${serial}`;
    const earlier = ref === null ? null : this.repo.byRef(ref);
    if (serial !== null && earlier) {
      throw new KioskError('conflict', message('stock.alreadyCounted', { serial, at: earlier.at.slice(0, 16).replace('T', ' '), actor: earlier.actor }), { serial });
    }
    if (serial === null && this.countedPaths.has(key.path)) throw new KioskError('conflict', message('stock.countedWhilePlugged'), { path: key.path });
    const line = this.record({ kind: 'counted', model, aaguid: key.aaguid, count: 1, note: input.note || null, actor: input.actor, at: this.nowIso() }, ref, 'stock.countPlugged', { serial });
    if (serial === null) this.countedPaths.add(key.path);
    return { line, serial };
  }

  /**
   * One key of the registered key's model leaves the stock. Call inside the transaction that
   * commits the backup-key step; a second call for the same credential (a retried commit)
   * takes none. Returns the model, to announce once that transaction has committed.
   */
  takeForBackupKey(taken: TakenKey): string | null {
    if (!taken.aaguid) return null;
    const model = this.modelOf(taken.aaguid);
    const at = this.nowIso();
    const movement: StockMovement = { kind: 'used', model, aaguid: taken.aaguid, count: 1, note: null, actor: taken.actor, at };
    if (!this.repo.insert({ ...movement, ref: `used:${taken.attendeeId}:${taken.credentialId}` })) return null;
    this.deps.audit.append({ actor: taken.actor, action: 'stock.take', subject: model, data: { aaguid: taken.aaguid, sessionId: taken.sessionId, attendeeId: taken.attendeeId, left: this.left(model) } });
    return model;
  }

  /** Tells the stock screens that a model's count changed (after the change committed). */
  announce(model: string): void {
    this.deps.events.publish('stock.changed', { model });
  }

  private record(movement: StockMovement, ref: string | null, action: string, extra: Record<string, unknown> = {}): StockLine {
    const line = this.deps.db.transaction(() => {
      this.repo.insert({ ...movement, ref });
      const after = this.lineOf(movement.model);
      this.deps.audit.append({
        actor: movement.actor,
        action,
        subject: movement.model,
        data: { aaguid: movement.aaguid, count: movement.count, note: movement.note, left: after.left, ...extra },
      });
      return after;
    })();
    this.announce(line.model);
    return line;
  }

  /** The stock line a key belongs to: its model's name, or its AAGUID when no table names it. */
  private modelOf(aaguid: string): string {
    return this.deps.catalog.lookup(aaguid)?.name ?? aaguid;
  }

  /** A typed model name as the table (or an existing line) spells it; refused when nothing has it. */
  private knownModel(typed: string): string {
    const named = this.deps.catalog.named(typed) ?? this.repo.totals().find((total) => total.model.toLowerCase() === typed.trim().toLowerCase())?.model;
    if (!named) refuseInput(message('stock.unknownModel', { model: typed.trim().slice(0, 120) }), 'model');
    return named;
  }

  private lineOf(model: string): StockLine {
    return this.line(this.repo.totals().find((total) => total.model === model) ?? { model, received: 0, used: 0, aaguids: [] });
  }

  private left(model: string): number {
    return this.lineOf(model).left;
  }

  private line(total: { model: string; received: number; used: number; aaguids: string[] }): StockLine {
    const warnBelow = this.thresholds.get(total.model) ?? this.deps.config.warnBelow;
    const left = total.received - total.used;
    return { model: total.model, aaguids: total.aaguids, received: total.received, used: total.used, left, warnBelow, low: left < warnBelow };
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }
}
