import { parse } from 'csv-parse/sync';
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

/** Lines a record spans: csv-parse keeps a quoted value's line breaks, and every record ends at one. */
function linesSpanned(fields: readonly string[]): number {
  let lines = 1;
  for (const field of fields) for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/**
 * Splits decoded CSV text into records with csv-parse (RFC 4180 quoting). Line breaks may be CRLF,
 * LF or a lone CR. Lenient where spreadsheets are sloppy (a stray quote inside a value is kept as
 * written, for the preview to show), strict where data would be lost: a quote that is never closed
 * makes a record of its own, not a silently joined one, and any other error refuses the file.
 * Values are not checked here.
 * Lines and raw text are counted here, not asked of csv-parse: its `info` and `raw` options cost
 * more than the parse itself on a 5,000-row roster. Every line is a record (an empty one is `['']`),
 * so a record starts on the line after the previous one ends.
 */
export function readCsvTable(text: string): CsvTable {
  const normalised = text.replace(/\r\n?/g, '\n');
  const sepLine = SEP_LINE.exec(normalised);
  const delimiter = sepLine ? delimiterOfSepLine(sepLine[1]!) : detectDelimiter(normalised);
  const body = sepLine ? normalised.slice(sepLine[0].length) : normalised;
  const skipped: Array<{ code: string; recordsBefore: number }> = [];
  const parsed = parse(body, {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      skipped.push({ code: error?.code ?? 'unknown', recordsBefore: typeof error?.['records'] === 'number' ? error['records'] : 0 });
      return undefined;
    },
  });
  const lines = body.split('\n');
  const firstLine = sepLine ? 2 : 1;
  const starts: number[] = [];
  let line = firstLine;
  for (const fields of parsed) {
    starts.push(line);
    line += linesSpanned(fields);
  }
  const startOf = (index: number) => (index < starts.length ? starts[index]! : line);
  const rawOf = (start: number, end: number) => lines.slice(start - firstLine, end - firstLine).join('\n');
  const unreadable = skipped.find((skip) => skip.code !== 'CSV_QUOTE_NOT_CLOSED');
  if (unreadable) {
    const at = startOf(unreadable.recordsBefore);
    throw new KioskError('roster_invalid', message('roster.file.unreadableCsv', { line: at, problem: unreadable.code }), {
      code: unreadable.code,
      line: at,
      raw: lines[at - firstLine] ?? '',
    });
  }
  const records = parsed.map((fields, index): CsvRecord => {
    const start = starts[index]!;
    return { line: start, fields, raw: rawOf(start, index + 1 < starts.length ? starts[index + 1]! : line), unclosedQuote: false };
  });
  // A quote never closed swallows the rest of the file: that rest is the record, refused whole.
  const unclosed = skipped.map(({ recordsBefore }): CsvRecord => {
    const start = startOf(recordsBefore);
    return { line: start, fields: [], raw: withoutFinalBreak(lines.slice(start - firstLine).join('\n')), unclosedQuote: true };
  });
  return { delimiter, records: [...records, ...unclosed] };
}

function withoutFinalBreak(raw: string): string {
  return raw.endsWith('\n') ? raw.slice(0, -1) : raw;
}
