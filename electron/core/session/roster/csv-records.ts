export type CsvDelimiter = ',' | ';';

/** One logical CSV record and where it starts, so rejections can name the physical line. */
export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
  /** The record's text as it appears in the file, line breaks included. */
  raw: string;
  /** A quoted field ran to the end of the file without its closing quote. */
  unterminated: boolean;
}

const QUOTE = '"';

/** Strips the UTF-8 byte order mark that spreadsheet programs put in front of exports. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Picks `,` or `;` by counting each outside quotes on the header line: European spreadsheets
 * export with `;` because `,` is their decimal separator.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === QUOTE) quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (commas + semicolons > 0) break;
    } else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits CSV text into records per RFC 4180: quoted fields may hold delimiters, line breaks
 * and doubled quotes. Line breaks may be CRLF, LF or a lone CR. Lenient where spreadsheets are
 * sloppy (text after a closing quote is kept), strict where data would be lost (an unclosed
 * quote is reported, not silently joined).
 */
export function readCsvRecords(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  const atLineBreak = (at: number) => text[at] === '\n' || text[at] === '\r';
  /** Consumes one line break at i and counts it. */
  const consumeLineBreak = () => {
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line += 1;
  };

  while (i < n) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let unterminated = false;
    let endIndex: number;

    for (;;) {
      let field = '';
      if (text[i] === QUOTE) {
        i += 1;
        let closed = false;
        while (i < n) {
          const char = text[i];
          if (char === QUOTE) {
            if (text[i + 1] === QUOTE) {
              field += QUOTE;
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (char === '\r' || char === '\n') {
            consumeLineBreak();
            field += '\n';
            continue;
          }
          field += char;
          i += 1;
        }
        if (!closed) unterminated = true;
      }
      const start = i;
      while (i < n && text[i] !== delimiter && !atLineBreak(i)) i += 1;
      field += text.slice(start, i);
      fields.push(field);

      if (i < n && text[i] === delimiter) {
        i += 1;
        continue;
      }
      endIndex = i;
      if (i < n) consumeLineBreak();
      break;
    }
    records.push({ line: startLine, fields, raw: text.slice(startIndex, endIndex), unterminated });
  }
  return records;
}
