import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Session } from '../../../shared/domain/session';
import type { JourneyStepId } from '../../../shared/domain/step-table';
import type { KeyService } from '../fido/keys/key-service';
import type { IdpConnector, IdpUser } from '../idp/idp-connector';
import { idpUserSchema } from '../idp/idp-outbox-kinds';
import type { SessionContext } from '../session/session-context';
import type { StepRecorder } from '../session/step-recorder';
import type { JourneyFactsRepository } from '../store/journey-facts-repository';
import type { RosterEntry } from '../store/roster-repository';
import type { OutboxService } from '../sync/outbox-service';
import type { CustodyService } from '../custody/custody-service';
import type { StockService } from '../custody/stock-service';
import type { PrintService } from '../print/print-service';
import { idpFailure } from './idp-failure';
import { placeOf } from './journey-order';

/** The journey's part of the config. */
export interface JourneySettings {
  /** The kiosk's own minimum PIN length; a key's own minPINLength applies when higher. */
  minPinLength: number;
  /** When set, only keys of these models (AAGUIDs) may become backup keys. */
  allowedAaguids?: readonly string[];
}

export interface JourneyDeps {
  /** The session capability's own instances: one set of repositories, checks and step writes. */
  session: SessionContext;
  steps: StepRecorder;
  settings: JourneySettings;
  idp: IdpConnector;
  keys: KeyService;
  outbox: OutboxService;
  print: PrintService;
  custody: CustodyService;
  /** The stock of fresh keys: a registered backup key takes one of its model. */
  stock: StockService;
  onInternalError?: (name: string, error: unknown) => void;
}

export interface Attending {
  session: Session;
  attendee: RosterEntry;
}

/** What the journey's steps share: session checks, the attendee's IdP account, the facts store, events. */
export class JourneyContext {
  readonly session: SessionContext;
  readonly steps: StepRecorder;
  readonly facts: JourneyFactsRepository;
  readonly idp: IdpConnector;
  readonly keys: KeyService;
  readonly outbox: OutboxService;
  readonly stock: StockService;
  readonly settings: JourneySettings;
  readonly onInternalError: (name: string, error: unknown) => void;

  constructor(deps: JourneyDeps) {
    this.session = deps.session;
    this.steps = deps.steps;
    this.facts = deps.session.facts;
    this.idp = deps.idp;
    this.keys = deps.keys;
    this.outbox = deps.outbox;
    this.stock = deps.stock;
    this.settings = deps.settings;
    this.onInternalError = deps.onInternalError ?? (() => undefined);
  }

  /** The open session and a confirmed attendee; every journey call starts here. */
  attending(sessionId: string, attendeeId: string): Attending {
    return this.steps.requireConfirmed(sessionId, attendeeId);
  }

  /** Refuses an action for a step that is not the attendee's current one: the core decides the order. */
  requirePlace(at: Attending, step: JourneyStepId): void {
    const place = placeOf(this.session.steps.get(at.attendee.id));
    if (place !== step) {
      throw new KioskError('conflict', message(place === 'done' ? 'journey.finished' : 'journey.otherStep'), {
        place,
        step,
      });
    }
  }

  /** The attendee's IdP account, found by badge once and remembered (so a restart asks no second time). */
  async idpUser(attendee: RosterEntry): Promise<IdpUser> {
    const known = this.facts.get(attendee.id, 'idpUser', idpUserSchema);
    if (known) return known;
    let user: IdpUser | null;
    try {
      user = await this.idp.findUser({ badgeId: attendee.badgeId });
    } catch (error) {
      throw idpFailure(error);
    }
    if (!user) {
      throw new KioskError('not_found', message('idp.noAccount', { idp: this.idp.label, badgeId: attendee.badgeId }), {
        badgeId: attendee.badgeId,
      });
    }
    this.facts.set(attendee.id, 'idpUser', user, this.session.nowIso());
    return user;
  }

  /** Tells the attendee screen and the board to redraw; call after the change is committed. */
  publish(sessionId: string, attendeeId: string): void {
    this.session.events.publish('journey.changed', { sessionId, attendeeId });
    this.session.publishBoard(sessionId, attendeeId);
  }
}
