import { join, resolve } from 'node:path';
import { createAccessHandlers } from '../access/access-handlers';
import { createAuditHandlers } from '../audit/audit-handlers';
import { KioskSigningKeys } from '../audit/kiosk-signing-key';
import type { BuiltInFacilitatorKey } from '../access/built-in-key';
import { FacilitatorKeyEnrollment } from '../access/facilitator-key-enrollment';
import { KioskLock } from '../access/kiosk-lock';
import { startTrainingFacilitatorKey } from '../access/training-facilitator-key';
import type { KioskConfig } from '../config/schema';
import { createDispatcher, type Dispatch } from '../contract/dispatch';
import type { HandlerTable } from '../contract/handler-table';
import { createCustodyHandlers } from '../custody/custody-handlers';
import { CustodyService } from '../custody/custody-service';
import { FleetCustodyService } from '../custody/fleet-custody';
import { createStockHandlers } from '../custody/stock-handlers';
import { StockService } from '../custody/stock-service';
import { EventBus } from '../events/event-bus';
import { fleetKeySource } from '../fleet/fleet-key-reader';
import { FleetRuntime } from '../fleet/fleet-runtime';
import { createFleetHandlers } from '../fleet/fleet-handlers';
import { createStationsHandlers } from '../fleet/stations/stations-handlers';
import { StationsService } from '../fleet/stations/stations-service';
import { createFleetReportHandlers } from '../fleet/report/fleet-report-handlers';
import type { HidBackend } from '../fido/hid/hid-connection';
import { createKeyRuntime, type KeyRuntime } from '../fido/keys/key-handlers';
import { createJourney } from '../journey/journey-handlers';
import type { PasskeyWatchTiming } from '../journey/passkey-watch';
import { createIdpConnector } from '../idp/create-idp-connector';
import type { IdpConnector } from '../idp/idp-connector';
import { createIdpHandlers } from '../idp/idp-handlers';
import { createIdpOutboxHandlers, idpOutboxStatusObserver } from '../idp/idp-outbox-handlers';
import { IdpStatusTracker } from '../idp/idp-status';
import { coreLogHooks } from '../log/core-log-hooks';
import { createKioskLogger } from '../log/kiosk-logger';
import { systemClock, type Clock } from '../ports/clock';
import type { PdfRenderer } from '../ports/pdf-renderer';
import type { SecretStore } from '../ports/secret-store';
import { ChromiumPdfRenderer } from '../print/chromium/chromium-pdf-renderer';
import { removeStalePrintFolders } from '../print/chromium/print-folders';
import { PrintService } from '../print/print-service';
import { TrainingPrinter } from '../print/training-printer';
import { createPrintersHandlers } from '../print/printers-handlers';
import { NewRecoveryCodes } from '../recovery/new-recovery-codes';
import { createNewCodesHandlers } from '../recovery/new-codes-handlers';
import { createRecovery } from '../recovery/recovery-handlers';
import { FileSecretStore } from '../secrets/file-secret-store';
import { AuditLog } from '../store/audit-log';
import { openDatabase, type Db } from '../store/open-database';
import { makeDataDirPrivate } from '../store/private-data-dir';
import { RosterRepository } from '../store/roster-repository';
import { createSession } from '../session/session-handlers';
import { readTrainingRoster } from '../session/roster/training-roster';
import { eventNotifier } from '../sync/outbox-notifier';
import { createOutboxHandlers } from '../sync/outbox-handlers';
import { OutboxService } from '../sync/outbox-service';
import { createAppHandlers } from './app-handlers';

export interface CorePorts {
  clock: Clock;
  /** IdP client secrets and API tokens; plain Node default: a 0600 file in the data dir. */
  secrets: SecretStore;
  /** Security keys; default: from config.keys.backend. */
  hid?: HidBackend;
  /** HTML → PDF for printing, kept warm; plain Node default: one headless Chromium kept open. The core closes it. */
  pdfRenderer?: PdfRenderer;
  /** A facilitator key the host builds in (tests of production cores); training makes its own. */
  facilitatorKey?: Promise<BuiltInFacilitatorKey>;
}

export interface CoreOptions {
  config: KioskConfig;
  dataDir: string;
  version: string;
  ports?: Partial<CorePorts>;
  /** better-sqlite3 addon for the current runtime when it is not Node's (Electron). */
  sqliteBinding?: string;
  /** Told of bugs besides the log (which has them always). */
  onInternalError?: (name: string, error: unknown) => void;
  /** Write the log to stderr as well as to <dataDir>/logs/kiosk.log (the web host; Electron unpackaged). */
  logToStderr?: boolean;
  /** The folder holding the app's data files (training/, fido/); default: resources/ under the working directory. */
  resourcesDir?: string;
  /** How often the passkey step asks the IdP (tests shorten it). */
  passkeyWatch?: Partial<PasskeyWatchTiming>;
  /**
   * When the built-in facilitator key (training's) enrolls itself: at once by default. The hosts
   * wait a moment, so its key operations do not compete with the first screen for the CPU; an
   * unlock before then enrolls it first.
   */
  enrollBuiltInKeyAfterMs?: number;
  /**
   * When the PDF renderer is started ahead of the first print (when a configured queue exists):
   * never by default (tests), so it starts with the first print. The hosts set it.
   */
  warmPrintingAfterMs?: number;
  /** How often the fleet's sink looks for changes (tests and benches shorten it). */
  fleetSink?: { pollMs?: number; batchSize?: number; heartbeatMs?: number };
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  db: Db;
  /** Enrollment steps enqueue here; IdP connectors register a handler per item kind. */
  outbox: OutboxService;
  /** Security keys: the KeyService the journey steps use (registerOnBehalf, PINs). */
  keys: KeyRuntime['keys'];
  /** Sealed backup-key envelopes: the journey seals, IT moves them through custody. */
  custody: CustodyService;
  /** The stock of fresh keys at this kiosk: IT receives and counts, backup-key steps take. */
  stock: StockService;
  /** The configured IdP (the built-in training IdP by default). */
  idp: IdpConnector;
  /** Report IdpErrors here so idp.status shows the last one (the outbox worker reports its own). */
  idpStatus: IdpStatusTracker;
  /** The recovery sheet and the envelope label, to their configured CUPS queues. */
  print: PrintService;
  /** The lock: who is unlocked and in which roles, the idle lock, the attendee's hold. */
  access: KioskLock;
  /** The facilitator keys that unlock the kiosk: enrolled, listed, removed. */
  facilitatorKeys: FacilitatorKeyEnrollment;
  /** The organisation's PostgreSQL, when the config has a `fleet` section. */
  fleet: FleetRuntime;
  close(): Promise<void>;
}

/** The composition root: config + ports in, the handler table and event bus out. */
export function createCore(options: CoreOptions): Core {
  const clock = options.ports?.clock ?? systemClock;
  const resourcesDir = options.resourcesDir ?? resolve('resources');
  // The IdP's directory and the roster a training session loads: one file, read once.
  const trainingRoster = options.config.mode === 'training' ? readTrainingRoster(resourcesDir) : null;
  // Before the log or the database is opened: both hold names and e-mail addresses.
  const tightened = makeDataDirPrivate(options.dataDir);
  const kioskLog = createKioskLogger({ dataDir: options.dataDir, stderr: options.logToStderr });
  for (const { path, was } of tightened) kioskLog.logger.warn({ path, was }, 'data file was readable by other accounts: made owner-only');
  const log = coreLogHooks(kioskLog.logger);
  const onInternalError = (name: string, error: unknown) => {
    log.internalError(name, error);
    options.onInternalError?.(name, error);
  };
  const db = openDatabase(join(options.dataDir, 'kiosk.sqlite'), { nativeBinding: options.sqliteBinding });
  const events = new EventBus();
  const audit = new AuditLog(db, () => clock.now());
  const idpStatus = new IdpStatusTracker(clock);
  const idpStatusObserver = idpOutboxStatusObserver(idpStatus);
  const outbox = new OutboxService({
    db,
    audit,
    clock,
    notify: eventNotifier(events),
    concurrency: options.config.outbox.concurrency,
    backoff: { baseMs: options.config.outbox.backoffBaseMs, capMs: options.config.outbox.backoffCapMs },
    sendTimeoutMs: options.config.outbox.sendTimeoutMs,
    onOutcome: (outcome) => {
      idpStatusObserver(outcome);
      log.outboxOutcome(outcome);
    },
    onInternalError: (error) => onInternalError('outbox.worker', error),
  });

  const secrets = options.ports?.secrets ?? new FileSecretStore({ dataDir: options.dataDir });
  const fleet = new FleetRuntime({
    config: options.config.fleet,
    db,
    secrets,
    clock,
    version: options.version,
    sink: options.fleetSink,
    onInternalError,
  });
  const idp = createIdpConnector(options.config.idp, {
    secrets,
    clock,
    trainingRoster: trainingRoster?.ok ? trainingRoster.rows : [],
    trainingEnrollPageDir: join(resourcesDir, 'training', 'enroll-page'),
    trainingDb: db,
    trainingDirectory: (badgeId) => {
      const entry = new RosterRepository(db).latestByBadge(badgeId);
      return entry ? { ...entry, line: entry.sourceLine } : null;
    },
    onRequestDone: log.idpRequest,
  });

  for (const [kind, handler] of Object.entries(createIdpOutboxHandlers(idp))) outbox.register(kind, handler);

  const keySettings = { backend: options.config.keys.backend, minPinLength: options.config.security.minPinLength, mdsBlobPath: options.config.keys.mdsBlobPath };
  const keyRuntime = createKeyRuntime({ settings: keySettings, events, onInternalError, onKeyEvent: log.keyEvent, backend: options.ports?.hid });
  const builtInKey =
    options.ports?.facilitatorKey ?? (options.config.mode === 'training' ? startTrainingFacilitatorKey(options.dataDir, options.config.security.minPinLength) : null);
  const facilitatorKeys = new FacilitatorKeyEnrollment({
    db,
    audit,
    clock,
    rpId: options.config.access.rpId,
    setupCode: options.config.access.setupCode,
    keys: keyRuntime.keys,
    builtInKey,
    fleet: options.config.fleet ? fleetKeySource(fleet, options.config.fleet) : null,
    onInternalError,
  });
  const access = new KioskLock({
    db,
    audit,
    events,
    clock,
    settings: options.config.access,
    keys: keyRuntime.keys,
    facilitatorKeys,
    showBuiltInPin: options.config.mode === 'training',
  });
  const enrollBuiltInKey = () => void facilitatorKeys.enrollBuiltInKey('Training facilitator').catch((error: unknown) => onInternalError('access.trainingKey', error));
  const enrollTimer = builtInKey && options.enrollBuiltInKeyAfterMs ? setTimeout(enrollBuiltInKey, options.enrollBuiltInKeyAfterMs).unref() : null;
  if (builtInKey && !enrollTimer) enrollBuiltInKey();
  // A crashed kiosk leaves its Chromium's private folder behind: gone at the next start.
  if (!options.ports?.pdfRenderer) removeStalePrintFolders().catch((error: unknown) => onInternalError('print.cleanup', error));
  const print = new PrintService({
    renderer: options.ports?.pdfRenderer ?? new ChromiumPdfRenderer(),
    config: options.config.printers,
    mode: options.config.mode,
    trainingPrinter: options.config.mode === 'training' ? new TrainingPrinter(() => clock.now()) : undefined,
  });
  // A renderer that cannot start is said by the first print; warming up only saves time.
  const warmPrinting = () => void print.warmUp().catch((error: unknown) => kioskLog.logger.warn({ err: error }, 'the PDF renderer did not start ahead of the first print'));
  const warmTimer = options.warmPrintingAfterMs === undefined ? null : setTimeout(warmPrinting, options.warmPrintingAfterMs).unref();
  const stations = new StationsService({ db, audit, fleet, clock, onInternalError });
  const session = createSession({
    db,
    audit,
    events,
    clock,
    mode: options.config.mode,
    photosDir: options.config.photosDir,
    resourcesDir,
    trainingRoster,
    unlockedFacilitator: () => access.current()?.name ?? null,
    attendeeTakesOver: () => access.holdForAttendee(),
    sharedSessions: stations,
  });
  const custody = new CustodyService({ db, audit, events, clock, envelopes: options.config.envelopes });
  const stock = new StockService({ db, audit, events, clock, config: options.config.stock, catalog: keyRuntime.catalog, keys: keyRuntime.keys, watchKeys: keyRuntime.watch });
  const fleetCustody = options.config.fleet ? new FleetCustodyService({ fleet, kioskName: options.config.fleet.kioskName, custody, audit, events, clock }) : null;
  const journey = createJourney({
    session: session.context,
    steps: session.steps,
    settings: { minPinLength: options.config.security.minPinLength, allowedAaguids: options.config.keys.allowedAaguids },
    idp,
    keys: keyRuntime.keys,
    watchKeys: keyRuntime.watch,
    outbox,
    print,
    custody,
    stock,
    onInternalError,
    passkeyWatch: options.passkeyWatch,
  });
  const newRecoveryCodes = new NewRecoveryCodes({ db, audit, clock, idp, outbox, print });
  const recovery = createRecovery({
    db,
    audit,
    events,
    clock,
    idp,
    outbox,
    custody,
    fleetCustody,
    print,
    keys: keyRuntime.keys,
    training: options.config.mode === 'training',
    minPinLength: options.config.security.minPinLength,
    allowedAaguids: options.config.keys.allowedAaguids,
    passkeyWatch: options.passkeyWatch,
  });

  const handlers: HandlerTable = {
    ...createAccessHandlers(access, facilitatorKeys),
    ...createAppHandlers({
      mode: options.config.mode,
      locale: options.config.locale,
      attendeeIdleSeconds: options.config.security.attendeeIdleSeconds,
      idp,
      dataDir: options.dataDir,
      logFile: kioskLog.path,
      version: options.version,
      audit,
      db,
      clock,
    }),
    ...createAuditHandlers({ db, audit, keys: new KioskSigningKeys(secrets), clock }),
    ...session.handlers,
    ...createOutboxHandlers({ outbox, clock }),
    ...keyRuntime.handlers,
    ...createIdpHandlers({ connector: idp, status: idpStatus, clock }),
    ...createPrintersHandlers(print),
    ...journey.handlers,
    ...createCustodyHandlers(custody, print, fleetCustody),
    ...createStockHandlers(stock),
    ...createFleetHandlers(fleet),
    ...createStationsHandlers(stations, session.context),
    ...recovery.handlers,
    ...createFleetReportHandlers({ fleet, training: options.config.mode === 'training', clock, db, audit, actor: () => access.current()?.name ?? null }),
    ...createNewCodesHandlers({ codes: newRecoveryCodes, idp, session: session.context }),
  };

  outbox.start();
  // Whatever a screen hears of was just committed: the fleet's sink sends it now, not at its next poll.
  if (options.config.fleet) events.subscribe(() => fleet.wake());
  kioskLog.logger.info({ version: options.version, mode: options.config.mode, idp: options.config.idp.kind, dataDir: options.dataDir }, 'kiosk started');

  return {
    dispatch: createDispatcher(handlers, { authorize: (name) => access.authorize(name), onInternalError, onCallDone: log.callDone }),
    events,
    db,
    outbox,
    keys: keyRuntime.keys,
    custody,
    stock,
    idp,
    idpStatus,
    print,
    access,
    facilitatorKeys,
    fleet,
    async close() {
      if (enrollTimer) clearTimeout(enrollTimer);
      if (warmTimer) clearTimeout(warmTimer);
      journey.close();
      newRecoveryCodes.wipeAll();
      recovery.close();
      access.close();
      await facilitatorKeys.close();
      await (await builtInKey?.catch(() => null))?.close();
      await idp.close?.();
      await keyRuntime.close();
      await outbox.stop();
      await stations.close();
      await fleet.close();
      await print.close();
      db.close();
      kioskLog.logger.info('kiosk stopped');
      kioskLog.close();
    },
  };
}
