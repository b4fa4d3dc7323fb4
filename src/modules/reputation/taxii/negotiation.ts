// TAXII 2.1 on the wire (pure): the media type and its negotiation, the error message resource,
// and the URL parameters' syntax.

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/**
 * Whether an Accept header lets us answer with TAXII 2.1 JSON: `application/taxii+json` (with
 * version 2.1 or none, which means the latest), `application/json`, `application/*` or `*\/*`;
 * no header at all is taken as anything. A range with q=0 is a refusal.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [media = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const param = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1).replace(/^"|"$/g, '');
    const q = param('q');
    if (q !== undefined && !(Number(q) > 0)) return false;
    if (media === '*/*' || media === 'application/*' || media === 'application/json') return true;
    if (media !== 'application/taxii+json') return false;
    const version = param('version');
    return version === undefined || version === '2.1';
  });
}

/** A TAXII error: answered as the TAXII error message resource with this status. */
export class TaxiiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly description: string,
  ) {
    super(title);
    this.name = 'TaxiiProblem';
  }
}

/** The TAXII error message resource (TAXII 2.1 §3.6.1); `http_status` is a string there. */
export type TaxiiErrorBody = { title: string; description: string; error_id: string; error_code: string; http_status: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/**
 * An RFC 3339 timestamp (TAXII `added_after`) in epoch microseconds — TAXII clients send back the
 * microseconds of the date_added they saw — or a 400 problem. Finer digits are dropped; a date
 * that does not exist (30 February) is refused, not rolled over.
 */
export function parseTimestamp(value: string, name: string): number {
  const invalid = () => new TaxiiProblem(400, 'Invalid timestamp', `${name} must be an RFC 3339 timestamp such as 2026-03-02T03:00:00.000000Z.`);
  const match = RFC3339.exec(value);
  if (match === null) throw invalid();
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw invalid();
  const sign = match[9] === '-' ? -1 : 1;
  const offsetMinutes = match[8] === undefined ? sign * (Number(match[10]) * 60 + Number(match[11])) : 0;
  if (match[8] === undefined && (Number(match[10]) > 23 || Number(match[11]) > 59)) throw invalid();
  return (utc - offsetMinutes * 60_000) * 1000 + Number((match[7] ?? '').padEnd(6, '0').slice(0, 6));
}

/** A comma-separated match value as a list (TAXII §3.4.2: several values are joined by commas). */
export function listOf(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
