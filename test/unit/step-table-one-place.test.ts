import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../electron/core/session/report/build-report';
import { reportCsv } from '../../electron/core/session/report/report-csv';
import { reportWords } from '../../electron/core/session/report/report-words';
import { placeOf } from '../../electron/core/journey/journey-order';
import { pendingStates, type StepStates } from '../../electron/core/store/steps-repository';
import { BoardGrid } from '../../renderer/src/facilitator/board-grid';
import { ReportFigures } from '../../renderer/src/facilitator/report-figures';
import { englishResources } from '../../renderer/src/i18n/i18n-resources';
import { germanResources } from '../../renderer/src/i18n/german-resources';
import type { Locale } from '../../renderer/src/i18n/languages';
import { createI18next } from '../../renderer/src/i18n/translate';
import { JourneyProgress } from '../../renderer/src/journey/journey-progress';
import { localeSchema } from '../../shared/domain/locale';
import { journeySkipInputSchema } from '../../shared/contract/journey-calls';
import type { JourneyView } from '../../shared/domain/journey';
import { journeyPlaceSchema, journeyViewSchema } from '../../shared/domain/journey';
import type { Attendee, Session } from '../../shared/domain/session';
import { boardRowSchema, sessionReportSchema } from '../../shared/domain/session';
import { chosenReasonCodes, chosenReasonsFor, stepReasonCodes, stepTable, type StepId } from '../../shared/domain/step-table';
import { isDone, stepIdSchema, stepReasonSchema } from '../../shared/domain/steps';
import { dictionaries, translate } from './helpers/translate-both-languages';

/**
 * The step table (shared/domain/step-table.ts) is the one place a step is declared: each of
 * its steps is found, in its order, wherever steps show (the contract's schemas, the journey's
 * order, the board, the report and its CSV, the stepper, the skip form), and nowhere in the
 * source is there a list of step ids written by hand.
 */
const ids = stepTable.map((step) => step.id);
const journeyIds = stepTable.filter((step) => step.stage === 'journey').map((step) => step.id);

const session: Session = {
  id: 's1',
  department: 'Finance',
  facilitator: 'Frieda',
  room: 'B-204',
  plannedMinutes: 30,
  status: 'closed',
  startedAt: '2026-03-02T09:00:00.000Z',
  endedAt: '2026-03-02T09:30:00.000Z',
  training: true,
};
const attendee: Attendee = { id: 'a1', sessionId: 's1', badgeId: '100101', givenName: 'Amara', familyName: 'Okafor', email: 'a@example.org', department: 'Finance', manager: '', photo: null };

/** Every step done up to (not including) `upTo`, in table order. */
function doneBefore(upTo: StepId | null): StepStates {
  const states = pendingStates();
  for (const id of ids) {
    if (id === upTo) break;
    states[id] = { status: 'done', reason: null, updatedAt: session.startedAt };
  }
  return states;
}

const resources = { en: { translation: englishResources }, de: { translation: germanResources } };
function render(locale: Locale, element: ReactElement): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18next(locale, resources) }, element));
}
/** The text of each `tag` element, in document order, its inner tags dropped. */
const textsOf = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
const withoutSoftHyphens = (text: string) => text.replaceAll('\u00AD', '');

describe('the step table is the one place a step is declared', () => {
  it('has each step once, and the badge check first', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(stepTable[0]).toMatchObject({ stage: 'checkIn', skip: null });
  });

  it.each(stepTable.map((step) => [step.id, step] as const))('%s: the contract\'s schemas take it as the table says', (id, step) => {
    expect(stepIdSchema.options).toContain(id);
    expect(journeyPlaceSchema.safeParse(id).success).toBe(step.stage === 'journey');
    expect(boardRowSchema.shape.steps.safeParse(pendingStates()).success).toBe(true);
    const skip = (reason: string, note?: string) => journeySkipInputSchema.safeParse({ sessionId: 's1', attendeeId: 'a1', step: id, reason, ...(note ? { note } : {}) }).success;
    if (step.skip === null) {
      expect(chosenReasonCodes.some((reason) => skip(reason, 'a note'))).toBe(false);
      return;
    }
    // Each reason the step offers, `other` only with a note; a reason of another step never.
    for (const reason of step.skip.chosen) expect(skip(reason), reason).toBe(true);
    expect(skip('other')).toBe(false);
    expect(skip('other', 'In my own words')).toBe(true);
    expect(chosenReasonsFor(step.id)).toEqual([...step.skip.chosen, 'other']);
    for (const reason of chosenReasonCodes.filter((code) => !chosenReasonsFor(step.id).includes(code))) expect(skip(reason), reason).toBe(false);
    // The core's own reasons are stored and shown, but nobody chooses them.
    for (const reason of step.skip.byCore) {
      expect(skip(reason)).toBe(false);
      expect(stepReasonSchema.safeParse({ code: reason, note: null }).success).toBe(true);
    }
  });

  it('the journey walks the journey steps in the table\'s order, and is done after the last', () => {
    const walked = journeyIds.map((id) => placeOf(doneBefore(id)));
    expect(walked).toEqual(journeyIds);
    expect(placeOf(doneBefore(null))).toBe('done');
    expect(journeyPlaceSchema.options).toEqual([...journeyIds, 'done']);
    expect(journeyViewSchema.shape.place).toBe(journeyPlaceSchema);
  });

  it('"done" is every step that counts towards it done, for the board and the report alike', () => {
    const counted = stepTable.filter((step) => step.countsTowardsDone).map((step) => step.id);
    expect(isDone(doneBefore(null))).toBe(true);
    for (const id of counted) {
      const skipped = { ...doneBefore(null), [id]: { status: 'skipped', reason: { code: 'other', note: 'x' }, updatedAt: null } } as StepStates;
      expect(isDone(skipped), id).toBe(false);
      const report = buildReport(session, [{ attendee, steps: skipped, enrollment: null }]);
      expect(report.complete).toBe(0);
      expect(report.incomplete[0]?.open.map((open) => open.step)).toEqual([id]);
    }
  });

  it.each(localeSchema.options)('%s: the board shows a column per step, in order, and a skipped step\'s reason in the reader\'s language', (locale) => {
    const steps = { ...doneBefore('backupKey'), backupKey: { status: 'skipped', reason: { code: 'keyDefective', note: null }, updatedAt: null } } as StepStates;
    const html = render(locale, createElement(BoardGrid, { rows: [{ attendee, steps, enrollment: null, station: null, doubleClaim: null }] }));
    const headings = textsOf(html, 'th').slice(2, 2 + ids.length);
    expect(headings).toEqual(ids.map((id) => translate(locale, `step.${id}`)));
    expect([...html.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(ids.map((id) => steps[id].status));
    expect(html).toContain(translate(locale, 'skip.reason.keyDefective'));
  });

  it.each(localeSchema.options)('%s: the report counts every step and its CSV has every step\'s columns, in order', (locale) => {
    const report = buildReport(session, [{ attendee, steps: doneBefore('recoveryCodes'), enrollment: null }]);
    expect(Object.keys(report.perStep)).toEqual(ids);
    expect(sessionReportSchema.safeParse(report).success).toBe(true);
    const figures = render(locale, createElement(ReportFigures, { report }));
    expect(textsOf(figures, 'th').filter((text) => ids.some((id) => translate(locale, `step.${id}`) === text))).toEqual(ids.map((id) => translate(locale, `step.${id}`)));

    const words = reportWords[locale];
    const header = reportCsv(session, [], locale).replace(/^\uFEFF/, '').trimEnd().split(',');
    expect(header.filter((column) => ids.some((id) => column.startsWith(words.step[id])))).toEqual(
      ids.flatMap((id) => [words.stepStatusColumn.replace('{step}', words.step[id]), words.stepReasonColumn.replace('{step}', words.step[id])]),
    );
  });

  it.each(localeSchema.options)('%s: the stepper shows every step in order, the current one marked', (locale) => {
    const view = { place: 'backupKey', attendee: { givenName: 'Amara', familyName: 'Okafor' }, steps: doneBefore('backupKey') } as JourneyView;
    const html = render(locale, createElement(JourneyProgress, { view }));
    expect([...html.matchAll(/data-step="(\w+)"/g)].map((m) => m[1])).toEqual(ids);
    expect(html).toMatch(/data-step="backupKey" data-state="current"/);
    const items = textsOf(html, 'li');
    expect(items).toHaveLength(ids.length);
    ids.forEach((id, index) => expect(items[index]).toContain(translate(locale, `step.${id}`)));
  });

  it.each(localeSchema.options)('%s: the CSV says steps, statuses, reasons and outcomes in the words the screens use', (locale) => {
    const words = reportWords[locale];
    const screen = dictionaries[locale];
    for (const id of ids) expect(words.step[id], id).toBe(withoutSoftHyphens(screen[`step.${id}`]));
    for (const [status, word] of Object.entries(words.status)) expect(word, status).toBe(screen[`status.${status}` as keyof typeof screen]);
    for (const code of stepReasonCodes.filter((code) => code !== 'other')) expect(words.reason[code as keyof typeof words.reason], code).toBe(screen[`skip.reason.${code}`]);
    for (const [outcome, word] of Object.entries(words.outcome)) expect(word, outcome).toBe(screen[`enrollment.${outcome}` as keyof typeof screen]);
  });
});

const anyId = `(?:${ids.join('|')})`;
/** A step id as a string literal; `group` is the number of its quote's capture group. */
const literal = (group: number) => `(['"\`])${anyId}\\${group}`;
/** Two step ids in a row as literals: an array, a union type, an enum, an SQL IN list. */
const listPattern = new RegExp(`${literal(1)}\\s*[,|]\\s*${literal(2)}`, 'g');
/** A step id as a key with a text. */
const keyWithText = (group: number) => `\\b${anyId}\\s*:\\s*(['"\`])[^'"\`]*\\${group}\\s*,\\s*`;
/**
 * Three step ids in a row as keys with a text each: a label map. (Two in a row are an IdP's
 * capabilities, `backupKey: 'onBehalf', recoveryCodes: 'unsupported'`: what it can do, not a
 * list of the steps.)
 */
const mapPattern = new RegExp(`${keyWithText(1)}${keyWithText(2)}${anyId}\\s*:`, 'g');

function handWrittenLists(source: string): string[] {
  return [...source.matchAll(listPattern), ...source.matchAll(mapPattern)].map((match) => match[0]);
}

const root = join(import.meta.dirname, '..', '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no hand-written list of step ids outside the step table', () => {
  it('the scan finds the kinds of list the source used to hold', () => {
    expect(handWrittenLists("const shownSteps: StepId[] = ['badge', 'platformPasskey', 'backupKey'];")).toHaveLength(1);
    expect(handWrittenLists("step: z.enum(['platformPasskey',\n  'backupKey'])")).toHaveLength(1);
    expect(handWrittenLists("type JourneyStep = 'recoveryCodes' | 'envelope';")).toHaveLength(1);
    expect(handWrittenLists("WHERE s.step IN ('platformPasskey', 'backupKey')")).toHaveLength(1);
    expect(handWrittenLists("const stepLabels = {\n  badge: 'Badge check',\n  platformPasskey: 'Platform passkey',\n  backupKey: 'Backup key',\n};")).toHaveLength(1);
    expect(handWrittenLists("requirePlace(at, 'envelope'); if (step === 'badge') return;")).toEqual([]);
  });

  it('electron/, shared/ and renderer/src hold none; the CSV\'s words are a map the compiler checks against the table', () => {
    const table = join(root, 'shared', 'domain', 'step-table.ts');
    // Typed Record<StepId, string>: a step the table adds is a compile error here until it has its words.
    const typedByTheTable = [join(root, 'electron', 'core', 'session', 'report', 'report-words.ts')];
    const found: string[] = [];
    for (const file of ['electron', 'shared', join('renderer', 'src')].flatMap((dir) => sources(join(root, dir)))) {
      if (file === table) continue;
      const source = readFileSync(file, 'utf8');
      const lists = [...source.matchAll(listPattern)].map((match) => match[0]);
      const maps = typedByTheTable.includes(file) ? [] : [...source.matchAll(mapPattern)].map((match) => match[0]);
      for (const list of [...lists, ...maps]) found.push(`${relative(root, file)}: ${list.replace(/\s+/g, ' ')}`);
    }
    expect(found).toEqual([]);
    for (const file of typedByTheTable) expect(readFileSync(file, 'utf8')).toContain('Record<StepId, string>');
  });
});
