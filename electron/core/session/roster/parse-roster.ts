import type { z } from 'zod';
import { KioskError } from '../../../../shared/contract/errors';
import { message, messageCodeSchema, type Message, type MessageParams } from '../../../../shared/contract/messages';
import type { RosterDelimiter, RosterPreview, RosterRejection, RosterRow } from '../../../../shared/domain/session';
import { readCsvTable, type CsvRecord } from './csv-records';
import { decodeRosterBytes } from './decode-roster-bytes';
import { mapColumns, type ColumnMap, type RosterField } from './roster-columns';
import { rosterCellsSchema } from './roster-row-schema';

export interface ParseRosterOptions {
  /** Badge ids (upper-case) already in the session: importing them again is refused per row. */
  existingBadges?: ReadonlySet<string>;
  /** Used when the roster has no department column or the cell is empty. */
  defaultDepartment: string;
}

const RAW_PREVIEW_LIMIT = 300;

function isBlank(record: CsvRecord): boolean {
  return !record.unclosedQuote && record.fields.every((field) => field.trim() === '');
}

function reject(record: CsvRecord, ...reasons: [Message, ...Message[]]): RosterRejection {
  return { line: record.line, reasons, raw: record.raw.slice(0, RAW_PREVIEW_LIMIT) };
}

/** A cell's zod issue as its message: the code from the schema, the column and the limit from the issue. */
function cellMessage(issue: z.core.$ZodIssue): Message {
  const field = issue.path[0] as RosterField;
  const reason = messageCodeSchema.parse(issue.message);
  const params: MessageParams = { field };
  if (reason === 'roster.cell.tooLong' && issue.code === 'too_big') params['max'] = Number(issue.maximum);
  if (reason === 'roster.cell.tooShort' && issue.code === 'too_small') params['min'] = Number(issue.minimum);
  const codePoint = issue.code === 'custom' ? (issue.params as { codePoint?: string } | undefined)?.codePoint : undefined;
  if (codePoint) params['codePoint'] = codePoint;
  return { reason, params };
}

function cell(record: CsvRecord, index: number | undefined): string {
  return index === undefined ? '' : (record.fields[index] ?? '');
}

/** Written out field by field: it runs once per row, 5,000 times for a large roster. */
function cellsOf(record: CsvRecord, columns: ColumnMap): Record<RosterField, string> {
  return {
    badgeId: cell(record, columns.badgeId),
    givenName: cell(record, columns.givenName),
    familyName: cell(record, columns.familyName),
    email: cell(record, columns.email),
    department: cell(record, columns.department),
    manager: cell(record, columns.manager),
    photo: cell(record, columns.photo),
  };
}

const delimiterTerms = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const satisfies Record<RosterDelimiter, string>;

/**
 * Why a row has a different number of values than the header names columns, or null when it
 * has not. Surplus values that are all empty are trailing separators (spreadsheets export a
 * row as wide as the widest one, `a;b;c;;;`): the row is read without them.
 */
function countMismatch(record: CsvRecord, header: CsvRecord, delimiter: RosterDelimiter): Message | null {
  const values = record.fields.length;
  const columns = header.fields.length;
  if (values === columns) return null;
  if (values > columns && record.fields.slice(columns).every((value) => value.trim() === '')) return null;
  return values > columns
    ? message('roster.row.tooManyValues', { values, columns, delimiter: delimiterTerms[delimiter] })
    : message('roster.row.tooFewValues', { values, columns });
}

/**
 * Reads a roster file's bytes into rows to import and rows refused with their line and reason.
 * Nothing is written here: the facilitator sees this report before anything is imported.
 * Cells that start with = + - @ stay exactly as typed; they are data, and exports neutralise them.
 */
export function parseRoster(bytes: Uint8Array, options: ParseRosterOptions): RosterPreview {
  const { text, encoding } = decodeRosterBytes(bytes);
  const { delimiter, records: all } = readCsvTable(text);
  const records = all.filter((record) => !isBlank(record));
  const header = records.shift();
  if (!header) {
    throw new KioskError('roster_invalid', message('roster.file.empty'));
  }
  const columns = mapColumns(header.fields);
  if (records.length === 0) {
    throw new KioskError('roster_invalid', message('roster.file.noPeople'));
  }
  const existing = options.existingBadges ?? new Set<string>();
  const firstLineOfBadge = new Map<string, number>();
  const accepted: RosterRow[] = [];
  const rejected: RosterRejection[] = [];

  for (const record of records) {
    if (record.unclosedQuote) {
      rejected.push(reject(record, message('roster.row.unclosedQuote')));
      continue;
    }
    const mismatch = countMismatch(record, header, delimiter);
    if (mismatch) {
      rejected.push(reject(record, mismatch));
      continue;
    }
    const parsed = rosterCellsSchema.safeParse(cellsOf(record, columns));
    if (!parsed.success) {
      const [first, ...more] = parsed.error.issues.map(cellMessage);
      if (first) rejected.push(reject(record, first, ...more));
      continue;
    }
    const cells = parsed.data;
    const firstLine = firstLineOfBadge.get(cells.badgeId);
    if (firstLine !== undefined) {
      rejected.push(reject(record, message('roster.row.badgeTwice', { badgeId: cells.badgeId, firstLine })));
      continue;
    }
    if (existing.has(cells.badgeId)) {
      rejected.push(reject(record, message('roster.row.badgeInSession', { badgeId: cells.badgeId })));
      continue;
    }
    firstLineOfBadge.set(cells.badgeId, record.line);
    accepted.push({
      line: record.line,
      badgeId: cells.badgeId,
      givenName: cells.givenName,
      familyName: cells.familyName,
      email: cells.email,
      department: cells.department || options.defaultDepartment,
      manager: cells.manager,
      photoFile: cells.photo || null,
    });
  }
  return { encoding, delimiter, accepted, rejected };
}

