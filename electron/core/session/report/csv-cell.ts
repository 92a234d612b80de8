/**
 * Spreadsheets evaluate a cell that starts with one of these as a formula (CSV injection);
 * OWASP's advice is to prefix such cells with a single quote so they show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function formulaSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One exported cell: formula-safe, and quoted (RFC 4180) when it holds a delimiter, quote or line break. */
export function csvCell(value: string): string {
  const safe = formulaSafe(value);
  return /[",;\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Lines end in CRLF as RFC 4180 asks; spreadsheet programs read both. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
