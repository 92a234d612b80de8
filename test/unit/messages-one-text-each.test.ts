import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishMessages } from '../../shared/contract/messages-en';
import { en } from '../../renderer/src/i18n/en';

const root = join(import.meta.dirname, '..', '..');
/** Where the texts live: a code's English and German, and the renderer's own dictionaries (checked below on their own). */
const textFiles = new Set(['shared/contract/messages-en.ts', 'shared/contract/messages-de.ts', 'renderer/src/i18n/en.ts', 'renderer/src/i18n/de.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Code without its comments: a comment may quote a message to say what a line is for. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

const code = ['electron', 'renderer/src', 'shared']
  .flatMap((dir) => sources(join(root, dir)))
  .map((path) => ({ path: relative(root, path), text: withoutComments(readFileSync(path, 'utf8')) }))
  .filter(({ path }) => !textFiles.has(path));

const formsOf = (entry: unknown): string[] => (typeof entry === 'string' ? [entry] : Object.values(entry as Record<string, string>));

/**
 * Every clause of five words or more in a code's English (cut at its placeholders and at
 * sentence marks), so a copy is found even where it was reworded around a name or a number.
 */
function clauses(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [reason, entry] of Object.entries(englishMessages)) {
    for (const text of formsOf(entry)) {
      for (const piece of text.split(/\{\w+\}|[.;:!?()"“”]/)) {
        const clause = piece.trim().replace(/^[,\s]+|[,\s]+$/g, '');
        if (clause.split(/\s+/).length >= 5) found.set(clause, reason);
      }
    }
  }
  return found;
}

/** A text's sentences with placeholders and quotes made alike, for comparing wordings. */
const sentencesOf = (text: string) =>
  text
    .replace(/\{\w+\}/g, '{}')
    .replace(/["“”„]/g, '')
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.replace(/[.!?]$/, '').trim());

/** Texts of the renderer that say the same as a message by design, and why. */
const sameOnPurpose: Record<string, string> = {
  // The status screen describing an empty key list, not the refusal of a key enrolment.
  'kioskStatus.keys.none': 'access.noKeyPlugged',
};

describe('one text per message: the code is the only wording, its English written once', () => {
  it('no source beside messages-en.ts says any part of a message again (no second English table: statusMeaning and friends are gone)', () => {
    const copies: string[] = [];
    for (const [clause, reason] of clauses()) {
      for (const file of code) if (file.text.includes(clause)) copies.push(`${file.path}: "${clause}" (${reason})`);
    }
    expect(copies).toEqual([]);
  });

  it("the renderer's dictionary repeats no message: no entry is a message's text or opens with a message's first sentence", () => {
    const firsts = new Map<string, string>();
    for (const [reason, entry] of Object.entries(englishMessages)) {
      for (const text of formsOf(entry)) {
        const first = sentencesOf(text)[0] ?? '';
        if (first.split(/\s+/).length >= 5) firsts.set(first, reason);
      }
    }
    const repeated = Object.entries(en).flatMap(([key, entry]) =>
      formsOf(entry)
        .map((text) => firsts.get(sentencesOf(text)[0] ?? ''))
        .filter((reason): reason is string => reason !== undefined && sameOnPurpose[key] !== reason)
        .map((reason) => `${key} repeats ${reason}`),
    );
    expect(repeated).toEqual([]);
  });

  it('errors are built from a code, never from a sentence: no KioskError, IdpError, SyncFailure or print failure takes a string', () => {
    const sentence = /new (KioskError|IdpError|SyncFailure)\(\s*[^,()]+,\s*['"`]|printFailed\(\s*[^,()]+,\s*['"`]/;
    expect(code.filter((file) => sentence.test(file.text)).map((file) => file.path)).toEqual([]);
  });

  it('finds a copy where one is made (the checks are not blind)', () => {
    const statusMeaning = "const meaning = 'the IdP rejected the request as invalid';";
    expect([...clauses().keys()].some((clause) => statusMeaning.includes(clause))).toBe(true);
    const pinRule = 'Too many tries in one minute. The next try is possible in {seconds} s.';
    expect(sentencesOf(pinRule)[0]).toBe(sentencesOf(englishMessages['access.tooManyAttempts'])[0]);
  });
});
