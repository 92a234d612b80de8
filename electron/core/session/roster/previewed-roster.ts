import { createHash } from 'node:crypto';
import type { RosterPreview } from '../../../../shared/domain/session';

interface Previewed {
  sessionId: string;
  digest: string;
  existing: ReadonlySet<string>;
  preview: RosterPreview;
}

const digestOf = (file: Uint8Array) => createHash('sha256').update(file).digest('hex');

function sameBadges(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const badge of a) if (!b.has(badge)) return false;
  return true;
}

/**
 * The roster file the kiosk previewed last, with its reading. The import screen previews the
 * file when it is picked and imports it on the button; the import takes that reading instead of
 * decoding and checking every row again (for 5,000 rows, most of the import's time). Only for
 * the same bytes in the same session against the same roster: any other file, or a roster that
 * changed in between, is read anew.
 */
export class PreviewedRoster {
  private last: Previewed | null = null;

  remember(sessionId: string, file: Uint8Array, existing: ReadonlySet<string>, preview: RosterPreview): void {
    this.last = { sessionId, digest: digestOf(file), existing, preview };
  }

  /** The reading of exactly this file against exactly this roster, once: an import takes it. */
  take(sessionId: string, file: Uint8Array, existing: ReadonlySet<string>): RosterPreview | null {
    const last = this.last;
    this.last = null;
    if (!last || last.sessionId !== sessionId || !sameBadges(last.existing, existing) || last.digest !== digestOf(file)) return null;
    return last.preview;
  }
}
