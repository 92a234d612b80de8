import { describe, expect, it } from 'vitest';
import { contractAvailable, contractTestName, type ContractName } from '../fakes/contracts/contracts-dir';
import { EntraContract } from '../fakes/contracts/entra-contract';
import { OpenApiContract } from '../fakes/contracts/openapi-contract';

/** The validators the fakes use must catch drift, or a passing fake proves nothing. */
const json = { 'content-type': 'application/json' };

function named(contract: ContractName, label: string): string {
  return contractAvailable(contract) ? `${label}: the validator rejects wrong requests and wrong responses` : contractTestName(contract);
}

describe('contract validators catch wrong requests and wrong responses', () => {
  it.skipIf(!contractAvailable('keycloak'))(named('keycloak', 'Keycloak admin OpenAPI 26.6.2'), async () => {
    const keycloak = await OpenApiContract.load('keycloak');
    const good = keycloak.checkRequest({ method: 'PUT', path: '/admin/realms/staff/users/u1', query: {}, headers: json, body: { credentials: [{ type: 'webauthn-passwordless', credentialData: '{}', secretData: '{}' }] } });
    expect(good).toEqual({ operation: 'put /admin/realms/{realm}/users/{user-id}', errors: [] });
    const wrongRequest = keycloak.checkRequest({ method: 'PUT', path: '/admin/realms/staff/users/u1', query: {}, headers: json, body: { credentials: [{ type: 'webauthn-passwordless', credentialData: { aaguid: 'x' } }] } });
    expect(wrongRequest.errors.join()).toMatch(/credentialData must be string/);
    expect(keycloak.checkRequest({ method: 'POST', path: '/admin/realms/staff/users/u1/credentials', query: {}, headers: json, body: {} }).errors.join()).toMatch(/not an operation/);
    expect(keycloak.checkResponse('get /admin/realms/{realm}/users/{user-id}/credentials', 200, [{ id: 'c', type: 'password', createdDate: 'yesterday' }]).join()).toMatch(/createdDate must be integer/);
    expect(keycloak.checkResponse('get /admin/realms/{realm}/users/count', 200, '12')).not.toEqual([]);
    expect(keycloak.checkResponse('get /admin/realms/{realm}/users/count', 201, 12).join()).toMatch(/does not declare status 201/);
  });

  it.skipIf(!contractAvailable('authentik'))(named('authentik', 'authentik schema.yml 2026.2.2'), async () => {
    const authentik = await OpenApiContract.load('authentik');
    const solve = { method: 'POST', path: '/api/v3/flows/executor/kiosk-key-setup/', query: { query: '' }, headers: json };
    expect(authentik.checkRequest({ ...solve, body: { component: 'ak-stage-authenticator-webauthn', response: { id: 'abc' } } }).errors).toEqual([]);
    expect(authentik.checkRequest({ ...solve, body: { component: 'ak-stage-authenticator-webauthn', response: 'not an object' } }).errors).not.toEqual([]);
    expect(authentik.checkRequest({ ...solve, query: {}, body: { component: 'ak-stage-authenticator-static' } }).errors.join()).toMatch(/query/);
    expect(authentik.checkRequest({ method: 'GET', path: '/api/v3/core/users/', query: { is_active: 'maybe' }, headers: {}, body: undefined }).errors).not.toEqual([]);
    const op = 'flows_executor_solve';
    expect(authentik.checkResponse(op, 200, { component: 'ak-stage-authenticator-static', pending_user: 'u', pending_user_avatar: 'a', codes: ['x'] })).toEqual([]);
    expect(authentik.checkResponse(op, 200, { component: 'ak-stage-authenticator-static', pending_user: 'u', pending_user_avatar: 'a' }).join()).toMatch(/codes/);
    expect(authentik.checkResponse(op, 200, { component: 'ak-stage-no-such-stage' })).not.toEqual([]);
    expect(authentik.checkResponse('authenticators_admin_all_list', 200, [{ pk: 1, name: 'x' }])).not.toEqual([]);
  });

  it.skipIf(!contractAvailable('entra'))(named('entra', 'Microsoft Graph FIDO2/TAP shapes'), () => {
    const entra = new EntraContract();
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: 'abc', origin: 'https://login.microsoftonline.com', crossOrigin: false })).toString('base64url');
    const body = { displayName: 'Backup key', publicKeyCredential: { id: 'AAAA', response: { clientDataJSON, attestationObject: 'o2Nm' }, clientExtensionResults: {} } };
    const path = '/v1.0/users/u1/authentication/fido2Methods';
    expect(entra.checkRequest({ method: 'POST', path, query: {}, headers: json, body }).errors).toEqual([]);
    const wrongOrigin = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: 'abc', origin: 'https://kiosk.example', crossOrigin: false })).toString('base64url');
    expect(entra.checkRequest({ method: 'POST', path, query: {}, headers: json, body: { ...body, publicKeyCredential: { ...body.publicKeyCredential, response: { clientDataJSON: wrongOrigin, attestationObject: 'o2Nm' } } } }).errors.join()).toMatch(/origin/);
    expect(entra.checkRequest({ method: 'POST', path, query: {}, headers: json, body: { ...body, publicKeyCredential: { ...body.publicKeyCredential, rawId: 'AAAA' } } }).errors).not.toEqual([]);
    expect(entra.checkRequest({ method: 'GET', path: '/beta/users/u1/authentication/fido2Methods/creationOptions(challengeTimeoutInMinutes=2)', query: {}, headers: {}, body: undefined }).errors.join()).toMatch(/outside 5\.\.43200/);
    expect(entra.checkRequest({ method: 'GET', path: '/v1.0/users', query: { $filter: "employeeId eq '1'", $count: 'true' }, headers: {}, body: undefined }).errors.join()).toMatch(/ConsistencyLevel/);
    expect(entra.checkResponse('registerFido2', 201, { id: 'm', displayName: 'k', createdDateTime: 'today', aaGuid: 'x', model: 'm', attestationCertificates: [], attestationLevel: 'attested', passkeyType: 'deviceBound' })).not.toEqual([]);
    expect(entra.checkResponse('registerFido2', 200, {}).join()).toMatch(/does not answer 200/);
    expect(entra.checkResponse('listFido2', 403, { message: 'no' }).join()).toMatch(/error/);
  });
});
