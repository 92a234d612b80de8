import { KioskError } from '../../../../shared/contract/errors';
import type { RosterDelimiter, RosterPreview, RosterRejection, RosterRow } from '../../../../shared/domain/session';
import { readCsvTable, type CsvRecord } from './csv-records';
import { decodeRosterBytes } from './decode-roster-bytes';
import { fieldLabels, mapColumns, rosterFields, type ColumnMap, type RosterField } from './roster-columns';
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

function reject(record: CsvRecord, reason: string): RosterRejection {
  return { line: record.line, reason, raw: record.raw.slice(0, RAW_PREVIEW_LIMIT) };
}

function cellsOf(record: CsvRecord, columns: ColumnMap): Record<RosterField, string> {
  return Object.fromEntries(
    rosterFields.map((field) => {
      const index = columns[field];
      return [field, index === undefined ? '' : (record.fields[index] ?? '')];
    }),
  ) as Record<RosterField, string>;
}

function delimiterName(delimiter: RosterDelimiter): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/** Why a row has a different number of values than the header names columns, or null when it has not. */
function countMismatch(record: CsvRecord, header: CsvRecord, delimiter: RosterDelimiter): string | null {
  const values = record.fields.length;
  const columns = header.fields.length;
  if (values === columns) return null;
  const cause = values > columns ? `a value may contain an unquoted ${delimiterName(delimiter)}` : 'values may be missing, or a line break inside a value was not quoted';
  return `The row has ${values} values but the header names ${columns} columns; ${cause}.`;
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
    throw new KioskError('roster_invalid', 'The roster file is empty. Export the department list again, with a header line naming the columns.');
  }
  const columns = mapColumns(header.fields);
  if (records.length === 0) {
    throw new KioskError('roster_invalid', 'The roster names its columns but has no people in it. Export the department list again, with one line per person below the header.');
  }
  const existing = options.existingBadges ?? new Set<string>();
  const firstLineOfBadge = new Map<string, number>();
  const accepted: RosterRow[] = [];
  const rejected: RosterRejection[] = [];

  for (const record of records) {
    if (record.unclosedQuote) {
      rejected.push(reject(record, 'A quoted value that starts on this line is never closed, so the rest of the file could not be read. Close the quote and import again.'));
      continue;
    }
    const mismatch = countMismatch(record, header, delimiter);
    if (mismatch) {
      rejected.push(reject(record, mismatch));
      continue;
    }
    const parsed = rosterCellsSchema.safeParse(cellsOf(record, columns));
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((issue) => `${fieldLabels[issue.path[0] as RosterField] ?? 'a value'} ${issue.message}`);
      rejected.push(reject(record, `${capitalise(reasons.join('; '))}.`));
      continue;
    }
    const cells = parsed.data;
    const firstLine = firstLineOfBadge.get(cells.badgeId);
    if (firstLine !== undefined) {
      rejected.push(reject(record, `Badge id ${cells.badgeId} appears twice: first on line ${firstLine}.`));
      continue;
    }
    if (existing.has(cells.badgeId)) {
      rejected.push(reject(record, `Badge id ${cells.badgeId} is already in this session's roster.`));
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
