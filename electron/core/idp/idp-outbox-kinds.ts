import { z } from 'zod';
import { outboxKind } from '../sync/outbox-kind';
import type { IdpKind, IdpUser } from './idp-connector';
import { registrationResponseSchema } from './webauthn/registration-response-schema';

const idpKinds = ['training', 'entra', 'keycloak', 'authentik'] as const satisfies readonly IdpKind[];

/** The attendee's IdP account as the journey remembers it and the outbox carries it. */
export const idpUserSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  badgeId: z.string().nullable(),
}) satisfies z.ZodType<IdpUser>;

/** What a connector's beginKeyRegistration handed out; the connector that made it checks the rest. */
const keyRegistrationHandleSchema = z.looseObject({ idp: z.enum(idpKinds) });

/**
 * The outbox item kinds the IdP connector serves, each with the one schema its payload is built
 * and read with. They hold only ids, public credential data and code HASHES (the outbox's
 * payload guard refuses anything else).
 */
export const IDP_OUTBOX_KINDS = {
  keyRegistration: outboxKind(
    'idp.keyRegistration',
    z.object({ handle: keyRegistrationHandleSchema, response: registrationResponseSchema, displayName: z.string().min(1) }),
  ),
  recoveryCodeHashes: outboxKind(
    'idp.recoveryCodeHashes',
    z.object({ user: idpUserSchema, hashes: z.array(z.object({ number: z.number().int(), encodedHashedValue: z.string() })).min(1) }),
  ),
  revokeAuthenticator: outboxKind('idp.revokeAuthenticator', z.object({ user: idpUserSchema, authenticatorId: z.string().min(1) })),
};
