import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RosterRow } from '../../../../shared/domain/session';
import { parseRoster } from './parse-roster';

/**
 * The people of the built-in training directory (resources/training/roster.csv), read once when
 * the kiosk starts; none when the file is missing (a build without training data).
 */
export function readTrainingRoster(resourcesDir: string): RosterRow[] {
  const path = join(resourcesDir, 'training', 'roster.csv');
  if (!existsSync(path)) return [];
  return parseRoster(readFileSync(path), { defaultDepartment: 'Training' }).accepted;
}
