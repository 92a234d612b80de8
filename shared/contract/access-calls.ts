import { z } from 'zod';
import { accessStateSchema, facilitatorKeyViewSchema, facilitatorRoleSchema } from '../domain/access';
import { PERSON_NAME_MAX, PIN_MAX, PIN_MIN } from '../domain/limits';
import { defineCall } from './define';

const pin = z.string().min(PIN_MIN).max(PIN_MAX);
const personName = z.string().trim().min(1).max(PERSON_NAME_MAX);
const empty = z.object({}).strict();

export const accessCalls = {
  'access.state': defineCall(empty, accessStateSchema),
  /**
   * A getAssertion for the kiosk's own RP, checked against a stored facilitator key: with the
   * PIN, or without it (a touch) where AccessState.touchUnlock offers it.
   */
  'access.unlock': defineCall(z.object({ pin: pin.optional() }).strict(), accessStateSchema),
  'access.lock': defineCall(empty, accessStateSchema),
  /** The facilitator touched the screen: postpones the idle lock (does nothing while locked). */
  'access.activity': defineCall(empty, z.object({ ok: z.literal(true) })),
  /**
   * Registers the key plugged in now as a facilitator key. The first one needs a setup code
   * (from `enrollment-kiosk setup` or the config); later ones an unlocked facilitator.
   */
  'access.enroll': defineCall(
    z.object({ name: personName, role: facilitatorRoleSchema, pin, setupCode: z.string().trim().min(1).max(40).optional() }).strict(),
    z.object({ key: facilitatorKeyViewSchema, state: accessStateSchema }),
  ),
  'access.keys': defineCall(empty, z.object({ keys: z.array(facilitatorKeyViewSchema) })),
  'access.remove': defineCall(z.object({ id: z.string().min(1).max(80) }).strict(), z.object({ keys: z.array(facilitatorKeyViewSchema) })),
};
