import { z } from 'zod';

/** Microsoft Graph shapes the connector reads (contracts/entra-fido2-provisioning.md). */
export const graphUserSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string().nullable().optional(),
    userPrincipalName: z.string().nullable().optional(),
    mail: z.string().nullable().optional(),
  })
  .catchall(z.unknown());
export type GraphUser = z.infer<typeof graphUserSchema>;

/**
 * One page of a Graph collection: `@odata.nextLink` is where the next page is (absent on the
 * last), `@odata.count` the total when `$count=true` was asked for.
 */
function graphPage<I extends z.ZodType>(item: I) {
  return z
    .object({ value: z.array(item), '@odata.nextLink': z.string().min(1).optional(), '@odata.count': z.number().int().min(0).optional() })
    .catchall(z.unknown());
}

export const graphUserListSchema = graphPage(graphUserSchema);

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');

export const creationOptionsSchema = z.object({
  challengeTimeoutDateTime: z.string(),
  publicKey: z.object({
    challenge: base64url,
    rp: z.object({ id: z.string(), name: z.string() }),
    user: z.object({ id: base64url, name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number().int() })).min(1),
    timeout: z.number().int().nullable().optional(),
    excludeCredentials: z
      .array(z.object({ id: base64url, type: z.literal('public-key'), transports: z.array(z.string()).nullable().optional() }))
      .nullable()
      .optional(),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.string().nullable().optional(),
        requireResidentKey: z.boolean().nullable().optional(),
        residentKey: z.string().nullable().optional(),
        userVerification: z.string().nullable().optional(),
      })
      .nullable()
      .optional(),
    attestation: z.string().nullable().optional(),
    extensions: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
});
export type CreationOptions = z.infer<typeof creationOptionsSchema>;

export const fido2MethodSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string().nullable().optional(),
    createdDateTime: z.string().nullable().optional(),
    aaGuid: z.string().nullable().optional(),
    model: z.string().nullable().optional(),
    passkeyType: z.string().nullable().optional(),
  })
  .catchall(z.unknown());
export type Fido2Method = z.infer<typeof fido2MethodSchema>;

export const fido2MethodListSchema = graphPage(fido2MethodSchema);

export const temporaryAccessPassSchema = z
  .object({
    id: z.string(),
    temporaryAccessPass: z.string().min(1),
    startDateTime: z.string().nullable().optional(),
    createdDateTime: z.string().nullable().optional(),
    lifetimeInMinutes: z.number().int(),
    isUsableOnce: z.boolean(),
  })
  .catchall(z.unknown());
