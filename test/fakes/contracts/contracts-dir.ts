import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (three levels up from test/fakes/contracts). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The IdPs' published contracts live beside the project, never inside it (contracts README). */
export const contractsDir = resolve(repoRoot, '..', 'shared', 'contracts');

export const contractFiles = {
  authentik: join(contractsDir, 'authentik-2026.2.2.schema.yml'),
  keycloak: join(contractsDir, 'keycloak-admin-26.6.2.openapi.json'),
  entra: join(contractsDir, 'entra-fido2-provisioning.md'),
} as const;

export type ContractName = keyof typeof contractFiles;

export function contractAvailable(name: ContractName): boolean {
  return existsSync(contractFiles[name]);
}

/**
 * The name of the test that stands for contract validation: it runs (and checks the fake
 * validated) where the contract exists, and is reported as skipped, saying why, where not.
 */
export function contractTestName(name: ContractName): string {
  return contractAvailable(name)
    ? `every request and response is validated against ${contractFiles[name]}`
    : `contract validation SKIPPED for ${name}: ${contractFiles[name]} is absent (the fake still runs, but nothing proves it matches the real API)`;
}
