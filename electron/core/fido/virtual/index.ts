/**
 * The virtual authenticator's public surface: training mode, the client's tests and the
 * benchmark use these; everything else in this folder is internal.
 */
export { VirtualAuthenticator, type VirtualAuthenticatorInit } from './virtual-authenticator';
export {
  startVirtualAuthenticatorServer,
  type VirtualAuthenticatorServer,
  type VirtualAuthenticatorServerOptions,
} from './virtual-authenticator-server';
export { VIRTUAL_AUTHENTICATOR_AAGUID, VIRTUAL_AUTHENTICATOR_AAGUID_BYTES } from './virtual-aaguid';
export type { VirtualAuthenticatorOptions } from './authenticator-options';
export type { AuthenticatorStateJson } from './authenticator-state';
export type { Fault } from './ctaphid-responder';
export type { UserPresenceScript } from './user-presence';
