import type { Envelope } from '../../../shared/domain/custody';
import type { JourneyView } from '../../../shared/domain/journey';
import type { PartialHandlers } from '../contract/handler-table';
import { BackupKeyStep } from './backup-key-step';
import { EnrollmentCheck } from './enrollment-check';
import { EnvelopeStep } from './envelope-step';
import { RecoveryCodesStep } from './recovery-codes-step';
import { JourneyContext, type Attending, type JourneyDeps } from './journey-context';
import { placeOf } from './journey-order';
import { PasskeyStep } from './passkey-step';
import type { PasskeyWatchTiming } from './passkey-watch';

type JourneyCallNames =
  | 'journey.get'
  | 'journey.passkey.start'
  | 'journey.passkey.check'
  | 'journey.skip'
  | 'journey.key.inspect'
  | 'journey.key.checkPin'
  | 'journey.key.setPin'
  | 'journey.key.register'
  | 'journey.codes.print'
  | 'journey.codes.reprint'
  | 'journey.codes.confirm'
  | 'journey.envelope.print';

export interface JourneyRuntime {
  handlers: PartialHandlers<JourneyCallNames>;
  /** Stops watching the IdP for passkeys (core shutdown). */
  close(): void;
}

/**
 * The attendee's step machine (DESIGN.md §1, steps 2 and 3; recovery codes and the envelope
 * follow in the same order): every call checks the session, the confirmed identity and that
 * the action belongs to the attendee's current step, then answers with the journey as it now is.
 */
export function createJourney(deps: JourneyDeps & { passkeyWatch?: Partial<PasskeyWatchTiming>; watchKeys?: () => void }): JourneyRuntime {
  const ctx = new JourneyContext(deps);
  const passkey = new PasskeyStep(ctx, deps.passkeyWatch);
  const backupKey = new BackupKeyStep(ctx, deps.watchKeys ?? (() => undefined));
  const codes = new RecoveryCodesStep(ctx, deps.print);
  const envelope = new EnvelopeStep(ctx, backupKey, deps.custody, deps.print);
  const enrollment = new EnrollmentCheck(ctx, ctx.session.events);

  const view = (at: Attending): JourneyView => {
    const steps = ctx.session.steps.get(at.attendee.id);
    return {
      sessionId: at.session.id,
      attendeeId: at.attendee.id,
      attendee: { givenName: at.attendee.givenName, familyName: at.attendee.familyName },
      mode: ctx.session.mode,
      idpLabel: ctx.idp.label,
      place: placeOf(steps),
      steps,
      passkey: passkey.state(at.attendee.id),
      backupKey: backupKey.result(at.attendee.id),
      recoveryCodes: codes.state(at.attendee.id),
      envelope: envelopeView(envelope.envelope(at), envelope.labelOnScreen(at.attendee.id)),
    };
  };
  const attending = (input: { sessionId: string; attendeeId: string }) => ctx.attending(input.sessionId, input.attendeeId);

  return {
    handlers: {
      'journey.get': (input) => view(attending(input)),
      'journey.passkey.start': async (input) => {
        const at = attending(input);
        await passkey.start(at);
        return view(at);
      },
      'journey.passkey.check': async (input) => {
        const at = attending(input);
        await passkey.check(at);
        return view(at);
      },
      'journey.skip': (input) => {
        const at = attending(input);
        ctx.requirePlace(at, input.step);
        if (input.step === 'platformPasskey') passkey.stop(at.attendee.id);
        if (input.step === 'recoveryCodes') codes.wipe(at.attendee.id);
        ctx.steps.record({ sessionId: at.session.id, attendeeId: at.attendee.id, step: input.step, status: 'skipped', reason: { code: input.reason, note: input.note ?? null } });
        ctx.publish(at.session.id, at.attendee.id);
        return view(at);
      },
      'journey.key.inspect': (input) => (input.path === undefined ? backupKey.pluggedKey(attending(input)) : backupKey.inspect(attending(input), input.path)),
      'journey.key.checkPin': (input) => backupKey.pinVerdict(attending(input), input.path, input.pin),
      'journey.key.setPin': (input) => backupKey.setPin(attending(input), input.path, input.pin),
      'journey.key.register': async (input) => {
        const at = attending(input);
        await backupKey.register(at, input.path, input.pin);
        return view(at);
      },
      'journey.codes.print': async (input) => {
        const at = attending(input);
        await codes.printSheet(at, input.locale);
        return view(at);
      },
      'journey.codes.reprint': async (input) => {
        const at = attending(input);
        await codes.reprint(at, input.locale);
        return view(at);
      },
      'journey.codes.confirm': (input) => {
        const at = attending(input);
        codes.confirm(at);
        return view(at);
      },
      'journey.envelope.print': async (input) => {
        const at = attending(input);
        await envelope.sealAndPrint(at, input.sealNumber, input.locale);
        return view(at);
      },
    },
    close: () => {
      passkey.stopAll();
      codes.wipeAll();
      enrollment.close();
    },
  };
}

/** The envelope counts as sealed only once its label printed: until then the attendee is not told an envelope number. */
function envelopeView(envelope: Envelope | null, onScreen: string | null): JourneyView['envelope'] {
  return envelope && envelope.labelPrintedAt !== null ? { code: envelope.code, sealNumber: envelope.sealNumber, onScreen } : null;
}
