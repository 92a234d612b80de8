import { z } from 'zod';
import { message } from '../../../../shared/contract/messages';
import type { IdpHttpClient } from '../http/idp-http-client';
import { readAllPages } from '../http/pages';
import { IdpError } from '../idp-error';
import { firstRefusal, keyName, refusesKey, refusesPerson, sameAaguid, type KeyFacts, type KeyVerdict } from '../key-preflight';

/**
 * authentik's WebAuthn set-up stage (AuthenticatorWebAuthnStage, GET
 * /api/v3/stages/authenticator/webauthn/): the stage bound to the kiosk's key flow decides
 * which keys its registration takes. `device_type_restrictions_obj` lists the allowed device
 * types by AAGUID; an empty list allows every key.
 */
export const webauthnStageSchema = z
  .object({
    pk: z.string(),
    name: z.string(),
    flow_set: z.array(z.object({ slug: z.string() }).catchall(z.unknown())),
    user_verification: z.enum(['required', 'preferred', 'discouraged']).optional(),
    authenticator_attachment: z.enum(['platform', 'cross-platform']).nullish(),
    resident_key_requirement: z.enum(['discouraged', 'preferred', 'required']).optional(),
    device_type_restrictions_obj: z.array(z.object({ aaguid: z.string(), description: z.string() }).catchall(z.unknown())),
  })
  .catchall(z.unknown());
export type WebauthnStage = z.infer<typeof webauthnStageSchema>;

export const webauthnStageListSchema = z
  .object({ pagination: z.object({ next: z.number() }).catchall(z.unknown()), results: z.array(webauthnStageSchema) })
  .catchall(z.unknown());

export function evaluateAuthentikStage(stage: WebauthnStage, key: KeyFacts, idp: string): KeyVerdict {
  const where = `WebAuthn stage "${stage.name}"`;
  const model = keyName(key);
  const allowed = stage.device_type_restrictions_obj;
  return firstRefusal(
    stage.authenticator_attachment === 'platform' ? refusesPerson(message('idp.preflightPlatformOnly', { idp, setting: `${where}: Authenticator Attachment` })) : null,
    stage.resident_key_requirement === 'required' && !key.residentKeys ? refusesKey(message('idp.preflightResidentKey', { idp, setting: `${where}: Resident key requirement`, model })) : null,
    stage.user_verification === 'required' && !key.userVerification ? refusesKey(message('idp.preflightUserVerification', { idp, setting: `${where}: User verification`, model })) : null,
    allowed.length > 0 && !(key.aaguid && allowed.some((d) => sameAaguid(d.aaguid, key.aaguid ?? '')))
      ? refusesKey(message('idp.preflightModelRefused', { idp, model, aaguid: key.aaguid ?? '?', setting: `${where}: Device type restrictions` }))
      : null,
  );
}

/** The WebAuthn set-up stage bound to the flow; an IdpError when the flow has none. */
export async function readWebauthnStage(http: IdpHttpClient, flowSlug: string, stageComponent: string): Promise<WebauthnStage> {
  const what = 'reading the WebAuthn stage settings';
  const stages = await readAllPages({ idpLabel: 'authentik', what }, async (page: number | null) => {
    const { data } = await http.json({ method: 'GET', path: '/api/v3/stages/authenticator/webauthn/', query: { page: page === null ? undefined : String(page) }, what }, webauthnStageListSchema);
    // authentik's `next` is the next page's number, 0 after the last.
    return { items: data.results, next: data.pagination.next > 0 ? data.pagination.next : null };
  });
  const stage = stages.find((s) => s.flow_set.some((flow) => flow.slug === flowSlug));
  if (!stage) throw new IdpError('permanent', message('idp.flowMissingStage', { idp: 'authentik', flow: flowSlug, stage: stageComponent }), { during: what });
  return stage;
}
