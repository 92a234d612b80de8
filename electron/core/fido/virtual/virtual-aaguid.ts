/**
 * The AAGUID of the Enrollment Kiosk virtual authenticator: a random version-4 UUID generated
 * once for this project, so no real key model can share it. The key table maps it to
 * "Enrollment Kiosk virtual key (training)".
 */
export const VIRTUAL_AUTHENTICATOR_AAGUID = '5a729029-a85a-4a4d-ba4c-047db7869c5d';

export const VIRTUAL_AUTHENTICATOR_AAGUID_BYTES = new Uint8Array(
  Buffer.from(VIRTUAL_AUTHENTICATOR_AAGUID.replaceAll('-', ''), 'hex'),
);
