import { z } from 'zod';
import type { ContractChecker, ContractRequest } from './contract-checker';
import { checkMemberGroupsBody, checkMemberGroupsResult, fido2ConfigurationSchema } from './entra-policy-schemas';

/**
 * Microsoft Graph's FIDO2 provisioning and Temporary Access Pass operations, written down as
 * zod schemas from ../shared/contracts/entra-fido2-provisioning.md (Graph publishes no OpenAPI
 * document we can load here). Binary values are base64url without padding throughout.
 */

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');
const isoDate = z.iso.datetime({ offset: true });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

const clientData = b64url.superRefine((value, ctx) => {
  let parsed: unknown;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'clientDataJSON is not JSON' });
    return;
  }
  const data = parsed as Record<string, unknown>;
  if (Object.keys(data).slice(0, 4).join() !== 'type,challenge,origin,crossOrigin') ctx.addIssue({ code: 'custom', message: `clientDataJSON members ${Object.keys(data).join()} are not in the order type, challenge, origin, crossOrigin` });
  if (data.type !== 'webauthn.create') ctx.addIssue({ code: 'custom', message: 'clientDataJSON.type must be webauthn.create' });
  if (data.origin !== 'https://login.microsoftonline.com') ctx.addIssue({ code: 'custom', message: 'clientDataJSON.origin must be https://login.microsoftonline.com' });
  if (data.crossOrigin !== false) ctx.addIssue({ code: 'custom', message: 'clientDataJSON.crossOrigin must be false' });
});

export const entraSchemas = {
  user: z.object({ id: z.string(), displayName: z.string().nullable(), userPrincipalName: z.string() }).catchall(z.unknown()),
  creationOptions: z
    .object({
      challengeTimeoutDateTime: isoDate,
      publicKey: z.object({
        rp: z.object({ id: z.literal('login.microsoftonline.com'), name: z.string() }),
        user: z.object({ id: b64url, displayName: z.string(), name: z.string() }),
        challenge: b64url,
        pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number().int() })),
        timeout: z.number().int(),
        excludeCredentials: z.array(z.object({ id: b64url, type: z.literal('public-key'), transports: z.array(z.string()).optional() })),
        authenticatorSelection: z.object({ authenticatorAttachment: z.string(), requireResidentKey: z.boolean(), userVerification: z.string() }),
        attestation: z.string(),
        extensions: z.record(z.string(), z.unknown()),
      }),
    })
    .strict(),
  registerBody: z
    .object({
      displayName: z.string().min(1),
      publicKeyCredential: z
        .object({
          id: b64url,
          response: z.object({ clientDataJSON: clientData, attestationObject: b64url }).strict(),
          clientExtensionResults: z.record(z.string(), z.unknown()),
        })
        .strict(),
    })
    .strict(),
  fido2Method: z
    .object({
      id: z.string(),
      displayName: z.string(),
      createdDateTime: isoDate,
      aaGuid: uuid,
      model: z.string(),
      attestationCertificates: z.array(z.string()),
      attestationLevel: z.enum(['attested', 'notAttested', 'unknownFutureValue']),
      passkeyType: z.enum(['deviceBound', 'synced', 'unknownFutureValue']),
    })
    .catchall(z.unknown()),
  tapBody: z.object({ lifetimeInMinutes: z.number().int().min(10).max(43_200).optional(), isUsableOnce: z.boolean().optional(), startDateTime: isoDate.optional() }).strict(),
  tap: z
    .object({
      id: z.string(),
      temporaryAccessPass: z.string(),
      createdDateTime: isoDate,
      startDateTime: isoDate,
      lifetimeInMinutes: z.number().int(),
      isUsableOnce: z.boolean(),
      isUsable: z.boolean(),
      methodUsabilityReason: z.string(),
    })
    .catchall(z.unknown()),
};

const user = '(?<userId>[^/]+)';
const methods = `/v1\\.0/users/${user}/authentication/fido2Methods`;
const graphError = z.object({ error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()) });

interface EntraOperation {
  name: string;
  method: string;
  pattern: RegExp;
  body?: z.ZodType;
  check?: (request: ContractRequest, match: RegExpExecArray) => string[];
  responses: Record<number, z.ZodType | null>;
}

const operations: EntraOperation[] = [
  {
    name: 'listUsers',
    method: 'GET',
    pattern: /^\/v1\.0\/users$/,
    check: (request) => {
      const errors: string[] = [];
      const filter = request.query.$filter;
      if (filter !== undefined && !/^[A-Za-z_][A-Za-z0-9_]* eq '(?:[^']|'')*'$/.test(filter)) errors.push(`$filter "${filter}" is not "<property> eq '<value>'"`);
      if (filter !== undefined && request.query.$count === 'true' && request.headers.consistencylevel !== 'eventual') errors.push('$count=true needs the header ConsistencyLevel: eventual');
      return errors;
    },
    responses: { 200: z.object({ value: z.array(z.object({ id: z.string() }).catchall(z.unknown())) }).catchall(z.unknown()) },
  },
  { name: 'creationOptions', method: 'GET', pattern: new RegExp(`^${methods}/creationOptions$`), responses: { 200: entraSchemas.creationOptions } },
  {
    name: 'creationOptionsBeta',
    method: 'GET',
    pattern: new RegExp(`^/beta/users/${user}/authentication/fido2Methods/creationOptions\\(challengeTimeoutInMinutes=(?<minutes>\\d+)\\)$`),
    check: (_request, match) => {
      const minutes = Number(match.groups?.minutes);
      return minutes >= 5 && minutes <= 43_200 ? [] : [`challengeTimeoutInMinutes=${minutes} is outside 5..43200`];
    },
    responses: { 200: entraSchemas.creationOptions },
  },
  { name: 'registerFido2', method: 'POST', pattern: new RegExp(`^${methods}$`), body: entraSchemas.registerBody, responses: { 201: entraSchemas.fido2Method } },
  { name: 'listFido2', method: 'GET', pattern: new RegExp(`^${methods}$`), responses: { 200: z.object({ value: z.array(entraSchemas.fido2Method) }).catchall(z.unknown()) } },
  { name: 'deleteFido2', method: 'DELETE', pattern: new RegExp(`^${methods}/(?<methodId>[^/]+)$`), responses: { 204: null } },
  {
    name: 'getFido2Configuration',
    method: 'GET',
    pattern: /^\/v1\.0\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/fido2$/,
    responses: { 200: fido2ConfigurationSchema },
  },
  { name: 'checkMemberGroups', method: 'POST', pattern: new RegExp(`^/v1\\.0/users/${user}/checkMemberGroups$`), body: checkMemberGroupsBody, responses: { 200: checkMemberGroupsResult } },
  { name: 'createTap', method: 'POST', pattern: new RegExp(`^/v1\\.0/users/${user}/authentication/temporaryAccessPassMethods$`), body: entraSchemas.tapBody, responses: { 201: entraSchemas.tap } },
];

export class EntraContract implements ContractChecker {
  readonly name = 'Microsoft Graph (entra-fido2-provisioning.md)';

  checkRequest(request: ContractRequest): { operation: string | null; errors: string[] } {
    for (const op of operations) {
      const match = op.method === request.method ? op.pattern.exec(request.path) : null;
      if (!match) continue;
      const errors = op.check?.(request, match) ?? [];
      if (op.body) {
        const result = op.body.safeParse(request.body);
        if (!result.success) errors.push(...result.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`));
      } else if (request.body !== undefined) errors.push('this operation takes no body');
      return { operation: op.name, errors };
    }
    return { operation: null, errors: [`${request.method} ${request.path} is not a documented Graph operation`] };
  }

  checkResponse(operation: string, status: number, body: unknown): string[] {
    const op = operations.find((o) => o.name === operation);
    if (!op) return [`unknown operation ${operation}`];
    if (status >= 400) {
      const result = graphError.safeParse(body);
      return result.success ? [] : ['Graph errors are {"error":{"code","message"}}'];
    }
    if (!(status in op.responses)) return [`${operation} does not answer ${status}`];
    const schema = op.responses[status];
    if (schema === null || schema === undefined) return body === null ? [] : [`${operation} ${status} has no body`];
    const result = schema.safeParse(body);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  }
}
