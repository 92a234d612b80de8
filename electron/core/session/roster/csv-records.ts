import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { rosterDelimiterSchema, type RosterDelimiter } from '../../../../shared/domain/session';

/** One CSV record and where it starts, so rejections can name the line a person sees in an editor. */
export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  /** The record's text as in the file, without its final line break; line breaks inside it read as \n. */
  raw: string;
  /** A quoted value starting in this record runs to the end of the file without its closing quote. */
  unclosedQuote: boolean;
}

export interface CsvTable {
  delimiter: RosterDelimiter;
  records: CsvRecord[];
}

/** Excel writes this first line when the separator differs from the locale's; it names the separator. */
const SEP_LINE = /^"?sep=(.)"?\n/i;

/** What csv-parse returns with `info` and `raw`; checked because its types do not follow those options. */
const parsedSchema = z.array(z.object({ record: z.array(z.string()), raw: z.string(), info: z.object({ lines: z.number().int() }) }));

/**
 * Picks `,`, `;` or TAB by counting each outside quotes on the first line that holds any:
 * European spreadsheets export with `;` because `,` is their decimal separator; "text" exports use TAB.
 */
function detectDelimiter(text: string): RosterDelimiter {
  const counts: Record<RosterDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n' && counts[','] + counts[';'] + counts['\t'] > 0) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  return rosterDelimiterSchema.options.reduce((best, delimiter) => (counts[delimiter] > counts[best] ? delimiter : best));
}

function delimiterOfSepLine(named: string): RosterDelimiter {
  const parsed = rosterDelimiterSchema.safeParse(named);
  if (parsed.success) return parsed.data;
  throw new KioskError(
    'roster_invalid',
    message('roster.file.separator', { separator: named }),
    { separator: named },
  );
}

function withoutLineBreak(raw: string): string {
  return raw.endsWith('\n') ? raw.slice(0, -1) : raw;
}

/** csv-parse counts the line a record ends on; a quoted value may span lines, so count back. */
function startLine(endLine: number, raw: string): number {
  return endLine - (withoutLineBreak(raw).split('\n').length - 1);
}

/**
 * Splits decoded CSV text into records with csv-parse (RFC 4180 quoting). Line breaks may be CRLF,
 * LF or a lone CR. Lenient where spreadsheets are sloppy (a stray quote inside a value is kept as
 * written, for the preview to show), strict where data would be lost: a quote that is never closed
 * makes a record of its own, not a silently joined one, and any other error refuses the file.
 * Values are not checked here.
 */
export function readCsvTable(text: string): CsvTable {
  const normalised = text.replace(/\r\n?/g, '\n');
  const sepLine = SEP_LINE.exec(normalised);
  const delimiter = sepLine ? delimiterOfSepLine(sepLine[1]!) : detectDelimiter(normalised);
  const skipped: Array<{ code: string; line: number; raw: string }> = [];
  const parsed = parse(normalised, {
    delimiter,
    record_delimiter: '\n',
    from_line: sepLine ? 2 : 1,
    relax_column_count: true,
    relax_quotes: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error, raw = '') => {
      const endLine = typeof error?.['lines'] === 'number' ? error['lines'] : 1;
      skipped.push({ code: error?.code ?? 'unknown', line: startLine(endLine, raw), raw: withoutLineBreak(raw) });
      return undefined;
    },
  });
  const unreadable = skipped.find((skip) => skip.code !== 'CSV_QUOTE_NOT_CLOSED');
  if (unreadable) {
    throw new KioskError('roster_invalid', message('roster.file.unreadableCsv', { line: unreadable.line, problem: unreadable.code }), unreadable);
  }
  const records = parsedSchema.parse(parsed).map(({ record, raw, info }): CsvRecord => ({
    line: startLine(info.lines, raw),
    fields: record,
    raw: withoutLineBreak(raw),
    unclosedQuote: false,
  }));
  const unclosed = skipped.map(({ line, raw }): CsvRecord => ({ line, fields: [], raw, unclosedQuote: true }));
  return { delimiter, records: [...records, ...unclosed] };
}
