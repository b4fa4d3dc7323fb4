// CSV as the feeds and dumps write it (RFC 4180).

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Values are data for programs, so nothing is prefixed against spreadsheet formulas (a phone
 * number starts with `+`, and changing it would break every consumer that matches on it).
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
