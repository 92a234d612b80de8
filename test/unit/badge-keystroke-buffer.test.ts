import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultBufferOptions, emptyBuffer, feedKeystroke, type BufferState, type Keystroke } from '../../renderer/src/badge/badge-keystroke-buffer';

/** Feeds keys in order; returns every submitted burst and the final state. */
function feedAll(strokes: Keystroke[]): { submitted: string[]; state: BufferState } {
  let state = emptyBuffer;
  const submitted: string[] = [];
  for (const stroke of strokes) {
    const result = feedKeystroke(state, stroke);
    state = result.state;
    if (result.submit !== null) submitted.push(result.submit);
  }
  return { submitted, state };
}

/** A reader burst: each key `gapMs` after the previous, then Enter. */
function burst(text: string, start: number, gapMs = 8): Keystroke[] {
  const keys = [...text, 'Enter'];
  return keys.map((key, i) => ({ key, at: start + i * gapMs }));
}

describe('badge keystroke buffer', () => {
  it('submits a fast reader burst when Enter follows it', () => {
    expect(feedAll(burst('1000234', 1000)).submitted).toEqual(['1000234']);
  });

  it('ignores slow typing of a person (pauses longer than the reader gap)', () => {
    expect(feedAll(burst('1000234', 1000, 250)).submitted).toEqual([]);
  });

  it('drops a stray key pressed long before the scan instead of gluing it on', () => {
    const strokes = [{ key: '7', at: 0 }, ...burst('1000234', 5000)];
    expect(feedAll(strokes).submitted).toEqual(['1000234']);
  });

  it('does not submit a lone key followed by Enter', () => {
    expect(feedAll(burst('5', 100)).submitted).toEqual([]);
  });

  it('does not submit an Enter that comes long after the burst', () => {
    const strokes: Keystroke[] = [...'123456'].map((key, i) => ({ key, at: i * 5 })).concat({ key: 'Enter', at: 2000 });
    expect(feedAll(strokes).submitted).toEqual([]);
  });

  it('keeps Shift inside a burst (readers shift for letters) but resets on other control keys', () => {
    const shifted: Keystroke[] = [
      { key: 'A', at: 0 },
      { key: 'Shift', at: 4 },
      { key: 'B', at: 8 },
      { key: '1', at: 12 },
      { key: 'Enter', at: 16 },
    ];
    expect(feedAll(shifted).submitted).toEqual(['AB1']);
    const tabbed: Keystroke[] = [
      { key: '1', at: 0 },
      { key: '2', at: 4 },
      { key: 'Tab', at: 8 },
      { key: 'Enter', at: 12 },
    ];
    expect(feedAll(tabbed).submitted).toEqual([]);
  });

  it('passes a garbled read through unchanged so the core can name it', () => {
    expect(feedAll(burst('10#?2', 0)).submitted).toEqual(['10#?2']);
  });

  it('never holds more than the contract allows for one read', () => {
    const long = '9'.repeat(defaultBufferOptions.maxLength + 50);
    const [submitted] = feedAll(burst(long, 0, 1)).submitted;
    expect(submitted).toHaveLength(defaultBufferOptions.maxLength);
  });

  it('submits every burst of a sequence of scans, separated by pauses, exactly as typed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[0-9A-Z]{2,20}$/), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: defaultBufferOptions.maxGapMs }),
        (badges, gap) => {
          let at = 0;
          const strokes: Keystroke[] = [];
          for (const badge of badges) {
            strokes.push(...burst(badge, at, gap));
            at += (badge.length + 1) * gap + defaultBufferOptions.maxGapMs + 500;
          }
          expect(feedAll(strokes).submitted).toEqual(badges);
        },
      ),
    );
  });
});
