import { SCANNED_CODE_MAX } from '../../../shared/domain/limits';

/**
 * USB badge readers are keyboards that type a badge number fast and press Enter. This buffer
 * tells such a burst apart from a person's keys without needing a focused field: characters
 * that arrive within `maxGapMs` of each other form one burst, and Enter right after a burst
 * submits it. A pause longer than `maxGapMs` starts a new burst, so a stray key pressed
 * earlier never gets glued to the next scan.
 */
export interface BufferOptions {
  /** Longest pause between two keys of one reader burst. Readers: ~5–30 ms; people: 100+ ms. */
  maxGapMs: number;
  /** Shorter bursts (a lone key then Enter) are treated as a person, not a reader. */
  minLength: number;
  /** The contract accepts at most this many characters for one read. */
  maxLength: number;
}

export const defaultBufferOptions: BufferOptions = { maxGapMs: 100, minLength: 2, maxLength: SCANNED_CODE_MAX };

export interface BufferState {
  chars: string;
  /** Time of the last key that belonged to the burst, in ms (any monotonic clock). */
  lastAt: number | null;
}

export const emptyBuffer: BufferState = { chars: '', lastAt: null };

export interface Keystroke {
  key: string;
  at: number;
}

export interface FeedResult {
  state: BufferState;
  /** The burst to look up, when this key was the Enter that ends one. */
  submit: string | null;
}

/** Keys a reader may send inside a burst without ending it (Shift for letters). */
const passThroughKeys = new Set(['Shift']);

export function feedKeystroke(state: BufferState, stroke: Keystroke, options: BufferOptions = defaultBufferOptions): FeedResult {
  const fresh = state.lastAt !== null && stroke.at - state.lastAt <= options.maxGapMs;

  if (stroke.key === 'Enter') {
    const submit = fresh && state.chars.length >= options.minLength ? state.chars : null;
    return { state: emptyBuffer, submit };
  }
  if (passThroughKeys.has(stroke.key)) return { state, submit: null };
  if (stroke.key.length !== 1) return { state: emptyBuffer, submit: null };

  const chars = fresh ? state.chars : '';
  if (chars.length >= options.maxLength) return { state: { chars, lastAt: stroke.at }, submit: null };
  return { state: { chars: chars + stroke.key, lastAt: stroke.at }, submit: null };
}
