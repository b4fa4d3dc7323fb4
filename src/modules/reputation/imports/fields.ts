// The fields of an imported entry, each read strictly: the value through the targets library
// (with the wildcard shapes of community lists), categories as our codes, dates, references.
// A field that cannot be read throws EntryProblem, which the format turns into an invalid line.
import { CATEGORY_CODES } from '../../cases/index.ts';
import { foldAccents, parseTarget, TargetError, type Target, type TargetType } from '../../targets/index.ts';
import { INDICATOR_VERDICTS, type IndicatorVerdict } from '../model.ts';

/** Why one entry of a file cannot be imported (user-safe text). */
export class EntryProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EntryProblem';
  }
}

const MAX_REF_CHARS = 200;
const MAX_EVIDENCE_URL_CHARS = 2048;
// Controls (C0, DEL, C1): PostgreSQL refuses U+0000, and none belongs in a reference or a link.
const CONTROL = /\p{Cc}/u;
const CONTROLS = /\p{Cc}/gu;

/** A short quote of input for an error message. */
export function quote(text: string): string {
  const clean = text.toWellFormed().replace(CONTROLS, ' ');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

/** parseTarget, with its refusal as an EntryProblem. */
export function targetOf(value: string, type?: string): Target {
  try {
    return parseTarget(value, type);
  } catch (error) {
    if (error instanceof TargetError) throw new EntryProblem(`${quote(value)}: ${error.reason}`);
    throw error;
  }
}

/** A URL (defaulting to http:// when the scheme is missing), as a URL target. */
export function urlTargetOf(value: string): Target {
  const trimmed = value.trim();
  if (trimmed === '') throw new EntryProblem('no URL');
  if (/\s/.test(trimmed)) throw new EntryProblem(`${quote(trimmed)}: a URL has no spaces`);
  return targetOf(trimmed, 'url');
}

/** A value whose type is detected: detection that ends at free text means we could not tell. */
export function detectedTargetOf(value: string, allowed: readonly TargetType[] | null): Target {
  if (value.trim() === '') throw new EntryProblem('no value');
  const target = targetOf(value);
  if (target.type === 'text') throw new EntryProblem(`${quote(value)}: not a URL, domain or other known kind of value${allowed === null ? ' (give its type)' : ''}`);
  if (allowed !== null && !allowed.includes(target.type)) throw new EntryProblem(`${quote(value)}: read as ${target.type}, expected ${allowed.join(', ')}`);
  return target;
}

const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)?/i;

/**
 * A community-list value with wildcards: `*.example.com` (the domain and its subdomains),
 * `example.com/*` or `https://example.com/*` (every path of the host: the domain, or the IP),
 * `http://example.com/path/*` (the path prefix: the URL `http://example.com/path/`, whose Safe
 * Browsing expressions cover deeper paths), a plain URL or a bare host. A `*` anywhere else
 * cannot be expressed and is refused.
 */
export function wildcardTargetOf(raw: string): Target {
  const value = raw.trim();
  if (!value.includes('*')) return detectedTargetOf(value, ['url', 'domain', 'ip']);
  const scheme = SCHEME.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  const slash = rest.search(/[/?#]/);
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (host.includes('*')) {
    if (!host.startsWith('*.') || host.indexOf('*', 1) !== -1 || !['', '/', '/*'].includes(path)) {
      throw new EntryProblem(`${quote(value)}: a wildcard is understood only as a leading *. or a trailing /*`);
    }
    return targetOf(host, 'domain');
  }
  if (!path.endsWith('/*') || path.indexOf('*') !== path.length - 1 || /[?#]/.test(path)) {
    throw new EntryProblem(`${quote(value)}: a wildcard is understood only as a leading *. or a trailing /*`);
  }
  const prefix = urlTargetOf(`${scheme}${host}${path.slice(0, -1)}`);
  if (path !== '/*') return prefix;
  return wholeHost(prefix);
}

// Every path of a URL's host: the domain (or IP); a host with a non-default port stays a URL prefix.
function wholeHost(root: Target): Target {
  let url: URL;
  try {
    url = new URL(root.value);
  } catch {
    return root;
  }
  if (url.port !== '') return root;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return targetOf(host, /^[0-9.]+$|:/.test(host) ? 'ip' : 'domain');
}

/** Our categories from a list (`phishing|scam` or an array); unknown codes are refused. */
export function categoriesOf(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const items = typeof raw === 'string' ? raw.split('|') : Array.isArray(raw) ? raw : null;
  if (items === null || items.some((item) => typeof item !== 'string')) throw new EntryProblem('categories must be a list of category codes');
  const codes = [...new Set((items as string[]).map((item) => item.trim()).filter((item) => item !== ''))];
  const unknown = codes.find((code) => !(CATEGORY_CODES as readonly string[]).includes(code));
  if (unknown !== undefined) throw new EntryProblem(`unknown category ${quote(unknown)} (one of ${CATEGORY_CODES.join(', ')})`);
  return codes;
}

// Words of community lists (accents folded) and the category they mean, most specific first.
const CATEGORY_WORDS: readonly [string, readonly string[]][] = [
  ['impersonation', ['mao danh', 'impersonat']],
  ['phishing', ['phish', 'gia mao', 'credential', 'dang nhap']],
  ['scam', ['scam', 'lua dao', 'fraud', 'chiem doat']],
  ['malware', ['malware', 'ma doc', 'virus', 'trojan', 'ransomware', 'botnet']],
  ['gambling', ['gambl', 'casino', 'co bac', 'ca cuoc', 'ca do', 'betting', 'danh bac']],
  ['fake_news', ['tin gia', 'fake news']],
  ['data_leak', ['lo lot', 'data leak']],
  ['child_safety', ['tre em', 'child']],
];

function categoriesInText(text: string): string[] {
  const folded = foldAccents(text.slice(0, 500)).replace(/[_-]/g, ' ');
  const exact = folded.replace(/ /g, '_');
  if ((CATEGORY_CODES as readonly string[]).includes(exact)) return [exact];
  return CATEGORY_WORDS.filter(([, words]) => words.some((word) => folded.includes(word))).map(([code]) => code);
}

/**
 * Our categories for a community list's `meta` (a string, or an object with a category, type,
 * tags or description), by code or by Vietnamese and English words; phishing when nothing fits.
 */
export function categoriesFromMeta(meta: unknown): string[] {
  const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 20) : []);
  const record = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  const labelled = typeof meta === 'string' ? [meta] : ['category', 'categories', 'type', 'threat', 'tags', 'label'].flatMap((key) => texts(record[key]));
  const found = [...new Set(labelled.flatMap(categoriesInText))];
  if (found.length > 0) return found;
  const described = [...new Set(texts(record.description).flatMap(categoriesInText))];
  return described.length > 0 ? described : ['phishing'];
}

/** A verdict; dangerous when empty. */
export function verdictOf(raw: unknown): IndicatorVerdict {
  if (raw === undefined || raw === null || raw === '') return 'dangerous';
  const verdict = INDICATOR_VERDICTS.find((v) => v === (typeof raw === 'string' ? raw.trim() : raw));
  if (verdict === undefined) throw new EntryProblem(`verdict must be one of ${INDICATOR_VERDICTS.join(', ')}`);
  return verdict;
}

/** A confidence 0–100; `fallback` when empty. */
export function confidenceOf(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(number) || number < 0 || number > 100) throw new EntryProblem('confidence must be a whole number from 0 to 100');
  return number;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2}| ?UTC)?$/i;

/** A date as feeds write them (ISO 8601, or `2024-05-01 10:11:12` in UTC); null when empty. */
export function dateOf(raw: unknown, field: string): Date | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const match = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
  if (match === null) throw new EntryProblem(`${field} is not a date`);
  const zone = match[3] === undefined || /utc/i.test(match[3]) ? 'Z' : match[3].toUpperCase() === 'Z' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(`${match[1]}T${match[2] ?? '00:00:00'}${zone}`);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1970 || year > 9999) throw new EntryProblem(`${field} is not a date`);
  return date;
}

/** A link to the source's own page about the entry (http or https); null when empty. */
export function evidenceUrlOf(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const url = typeof raw === 'string' ? raw.trim() : '';
  if (url.length > MAX_EVIDENCE_URL_CHARS || !/^https?:\/\/[^\s]+$/i.test(url) || CONTROL.test(url) || url !== url.toWellFormed()) {
    throw new EntryProblem('evidence URL must be an http or https link');
  }
  return url;
}

/** The source's own id of the entry; null when empty. */
export function sourceRefOf(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const ref = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
  if (ref === null || ref.length > MAX_REF_CHARS || CONTROL.test(ref) || ref !== ref.toWellFormed()) throw new EntryProblem(`source reference must be text of at most ${MAX_REF_CHARS} characters`);
  return ref === '' ? null : ref;
}
