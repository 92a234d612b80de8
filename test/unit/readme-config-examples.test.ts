import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/app/load-config';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Where data lives'));
const yamlBlocks = [...configuration.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('the README configuration examples', () => {
  it('has the full example and one worked example per real IdP', () => {
    expect(yamlBlocks.map((y) => /kind: (\w+)/.exec(y)?.[1])).toEqual(['keycloak', 'entra', 'keycloak', 'authentik']);
  });

  it.each(yamlBlocks.map((yaml, i) => [i, yaml] as const))('example %i is accepted by the config schema as written', (_i, yaml) => {
    expect(() => parseConfig(yaml, 'yaml', 'README.md')).not.toThrow();
  });

  it('documents every key of each IdP example in its table', () => {
    for (const yaml of yamlBlocks.slice(1)) {
      const config = parseConfig(yaml, 'yaml', 'README.md');
      const keys = Object.entries(config.idp).flatMap(([key, value]) =>
        value !== null && typeof value === 'object' ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key],
      );
      for (const key of keys.filter((k) => k !== 'kind')) expect(configuration, `${config.idp.kind}: ${key}`).toContain(`| \`${key}\``);
    }
  });
});
