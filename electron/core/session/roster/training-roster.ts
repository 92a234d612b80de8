import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RosterRow } from '../../../../shared/domain/session';
import { parseRoster } from './parse-roster';

/**
 * The people of the built-in training directory (resources/training/roster.csv): the training
 * IdP's users, and the roster a training session may load. Or why the file could not be read
 * (a build without training data), for the facilitator who asks for it.
 */
export type TrainingRoster = { ok: true; bytes: Uint8Array; rows: RosterRow[] } | { ok: false; file: string; problem: string };

/** Read once when a training kiosk starts; both the IdP and the session use what it holds. */
export function readTrainingRoster(resourcesDir: string): TrainingRoster {
  const file = join(resourcesDir, 'training', 'roster.csv');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, file, problem: (error as NodeJS.ErrnoException).code ?? 'error' };
  }
  return { ok: true, bytes, rows: parseRoster(bytes, { defaultDepartment: 'Training' }).accepted };
}
