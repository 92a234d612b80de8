import { z } from 'zod';
import { IDP_LABEL_MAX } from '../../../shared/domain/limits';

/**
 * The `idp` section of the kiosk configuration: the built-in training IdP or one of the real
 * ones. Secrets (client secrets, API tokens) are never in the config file: the config names
 * them and the connector reads them through the SecretStore port.
 */
const secretRef = z
  .string()
  .min(1)
  .max(200)
  .describe('name of a secret in the kiosk secret store (not the secret itself)');
const httpUrl = z.url({ protocol: /^https?$/ });
const timeoutMs = z.number().int().min(500).max(120_000).default(10_000);

export const trainingIdpConfigSchema = z
  .object({
    kind: z.literal('training'),
    /** How long a practice passkey link stays valid. */
    linkLifetimeSeconds: z.number().int().min(10).max(86_400).default(900),
  })
  .strict();

export const entraIdpConfigSchema = z
  .object({
    kind: z.literal('entra'),
    label: z.string().min(1).max(IDP_LABEL_MAX).optional(),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    clientSecretRef: secretRef,
    /** Base URLs are configurable so tests (and sovereign clouds) can point them elsewhere. */
    authorityUrl: httpUrl.default('https://login.microsoftonline.com'),
    graphUrl: httpUrl.default('https://graph.microsoft.com'),
    /** Where the attendee adds the passkey with the Temporary Access Pass (the QR code's link). */
    mySecurityInfoUrl: httpUrl.default('https://aka.ms/mysecurityinfo'),
    /** The Graph user property that holds the badge number. */
    badgeAttribute: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/).default('employeeId'),
    /** When set, creation options come from the beta endpoint and stay valid this long. */
    offlineChallengeTimeoutMinutes: z.number().int().min(5).max(43_200).optional(),
    tapLifetimeMinutes: z.number().int().min(10).max(43_200).default(60),
    timeoutMs,
  })
  .strict();

export const keycloakIdpConfigSchema = z
  .object({
    kind: z.literal('keycloak'),
    label: z.string().min(1).max(IDP_LABEL_MAX).optional(),
    baseUrl: httpUrl,
    realm: z.string().min(1),
    clientId: z.string().min(1),
    clientSecretRef: secretRef,
    badgeAttribute: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/).default('badge_id'),
    /** The relying party the realm's WebAuthn passwordless policy uses. */
    webauthn: z
      .object({
        rpId: z.string().min(1),
        rpName: z.string().min(1).default('Keycloak'),
        origin: httpUrl,
      })
      .strict(),
    passkeyAction: z
      .object({
        lifespanSeconds: z.number().int().min(300).max(604_800).default(3600),
        clientId: z.string().min(1).optional(),
        redirectUri: httpUrl.optional(),
      })
      .strict()
      .default({ lifespanSeconds: 3600 }),
    recoveryCodeCount: z.number().int().min(4).max(20).default(12),
    timeoutMs,
  })
  .strict();

export const authentikIdpConfigSchema = z
  .object({
    kind: z.literal('authentik'),
    label: z.string().min(1).max(IDP_LABEL_MAX).optional(),
    /** authentik's public URL; the API lives under /api/v3. */
    baseUrl: httpUrl,
    apiTokenRef: secretRef,
    badgeAttribute: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/).default('badge_id'),
    /** A flow with an authenticator-webauthn stage (and optionally authenticator-static). */
    keyFlowSlug: z.string().regex(/^[-a-zA-Z0-9_]+$/),
    /** A flow with an authenticator-static stage; absent = recovery codes come from keyFlowSlug. */
    recoveryCodesFlowSlug: z.string().regex(/^[-a-zA-Z0-9_]+$/).optional(),
    /** The origin authentik's WebAuthn stage expects (its public URL as a browser sees it). */
    webauthnOrigin: httpUrl,
    recoveryLinkMinutes: z.number().int().min(5).max(10_080).default(30),
    timeoutMs,
  })
  .strict();

export const idpConfigSchema = z.discriminatedUnion('kind', [trainingIdpConfigSchema, entraIdpConfigSchema, keycloakIdpConfigSchema, authentikIdpConfigSchema]);

export type IdpConfig = z.infer<typeof idpConfigSchema>;
export type EntraIdpConfig = z.infer<typeof entraIdpConfigSchema>;
export type KeycloakIdpConfig = z.infer<typeof keycloakIdpConfigSchema>;
export type AuthentikIdpConfig = z.infer<typeof authentikIdpConfigSchema>;
