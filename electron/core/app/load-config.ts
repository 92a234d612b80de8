import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { kioskConfigSchema, type KioskConfig } from '../config/schema';

/** Parses config text; every problem names the key and what is wrong with it. */
export function parseConfig(text: string, format: 'json' | 'yaml', source: string): KioskConfig {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new KioskError('config_invalid', message('config.unreadable', { path: source, format: format.toUpperCase(), problem: (error as Error).message }));
  }
  const result = kioskConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new KioskError('config_invalid', message('config.invalid', { path: source, count: problems.length, problems: problems.join('; ') }), { problems });
  }
  return result.data;
}

/** Loads the config file if a path is given; no path means training mode defaults. */
export function loadConfig(path: string | undefined): KioskConfig {
  if (!path) return kioskConfigSchema.parse({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KioskError('config_invalid', message('config.cannotOpen', { path, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  const ext = extname(path).toLowerCase();
  return parseConfig(text, ext === '.yaml' || ext === '.yml' ? 'yaml' : 'json', path);
}
