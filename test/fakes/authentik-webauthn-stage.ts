import { createHash } from 'node:crypto';

/**
 * The settings of the fake authentik's WebAuthn set-up stage that decide which keys it takes,
 * as an operator sets them in the admin interface; authentik's defaults until a test changes them.
 */
export interface WebauthnStageSettings {
  name: string;
  user_verification: 'required' | 'preferred' | 'discouraged';
  authenticator_attachment: 'platform' | 'cross-platform' | null;
  resident_key_requirement: 'discouraged' | 'preferred' | 'required';
  /** Allowed device types (WebAuthnDeviceType, by AAGUID); empty: every key. */
  device_type_restrictions: Array<{ aaguid: string; description: string }>;
}

export function defaultWebauthnStage(): WebauthnStageSettings {
  return { name: 'default-authenticator-webauthn-setup', user_verification: 'preferred', authenticator_attachment: null, resident_key_requirement: 'preferred', device_type_restrictions: [] };
}

/** A stable UUID for a name, as authentik's pk of a flow or stage would be. */
function uuidFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** GET /api/v3/stages/authenticator/webauthn/ with the one stage, bound to `flowSlugs` (PaginatedAuthenticatorWebAuthnStageList). */
export function webauthnStageList(stage: WebauthnStageSettings, flowSlugs: string[]): Record<string, unknown> {
  const flowSet = flowSlugs.map((slug) => ({
    pk: uuidFor(`flow:${slug}`),
    policybindingmodel_ptr_id: uuidFor(`binding:${slug}`),
    name: slug,
    slug,
    title: 'Set up your sign-in',
    designation: 'stage_configuration',
    background_url: '/static/dist/assets/images/flow_background.jpg',
    policy_engine_mode: 'any',
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${slug}/export/`,
  }));
  const result = {
    pk: uuidFor(`stage:${stage.name}`),
    name: stage.name,
    component: 'ak-stage-authenticator-webauthn-form',
    verbose_name: 'WebAuthn Authenticator Setup Stage',
    verbose_name_plural: 'WebAuthn Authenticator Setup Stages',
    meta_model_name: 'authentik_stages_authenticator_webauthn.authenticatorwebauthnstage',
    flow_set: flowSet,
    configure_flow: null,
    friendly_name: 'Security key',
    user_verification: stage.user_verification,
    authenticator_attachment: stage.authenticator_attachment,
    resident_key_requirement: stage.resident_key_requirement,
    device_type_restrictions: stage.device_type_restrictions.map((d) => d.aaguid),
    device_type_restrictions_obj: stage.device_type_restrictions,
    max_attempts: 0,
  };
  return {
    pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
    results: [result],
    autocomplete: {},
  };
}
