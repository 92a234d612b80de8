/**
 * The process sync-crash-safety.test.ts kills: enrollments for the generic fake IdP, whose
 * POST is not idempotent, so only the outbox's reconcile-before-resend prevents duplicates.
 */
import { IdpHttpClient } from '../../../electron/core/idp/http/idp-http-client';
import { env, runCrashChild } from './sync-crash-child-main';
import { enrollmentHandler } from './sync-enrollment-handler';
import { enrollmentKind } from './test-outbox-kinds';

const attendees = Number(env('CRASH_ATTENDEES'));

runCrashChild({
  total: Number(env('CRASH_TOTAL')),
  enqueueEveryMs: Number(env('CRASH_ENQUEUE_EVERY_MS')),
  register(outbox) {
    outbox.register('enrollment', enrollmentHandler(new IdpHttpClient({ idpLabel: 'Crash fake IdP', baseUrl: env('CRASH_FAKE_URL'), timeoutMs: 3_000 })));
  },
  enqueue(outbox, index) {
    const attendee = `attendee-${index % attendees}`;
    outbox.enqueue(enrollmentKind, { idempotencyKey: `enr-${index}`, subjectKey: attendee, payload: { attendee, seq: index } });
  },
});
