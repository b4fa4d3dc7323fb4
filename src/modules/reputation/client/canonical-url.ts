// Safe Browsing URL canonicalisation and lookup expressions, portable to browsers.
//
// The targets library's url.ts does the same work but reaches for `node:buffer` (UTF-8 ↔ byte
// strings) and, through domain.ts, `node:url` (UTS #46 host mapping), which a browser extension
// does not have. This is the same algorithm with the Web platform's equivalents: TextEncoder and
// TextDecoder for bytes, and the WHATWG URL host parser for IDN hosts (Node's `domainToASCII` is
// that very parser). It keeps only what a lookup needs — the canonical href, host and path —
// not the flags and look-alike skeletons the server records. canonical-url.test.ts checks that
// both agree, input by input.
import { parse as parseTld } from 'tldts';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv4Loose, parseIPv6 } from '../../targets/ip.ts';
import { invalid } from '../../targets/types.ts';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const PORT_AFTER_COLON = /^\d+(?:[/?\\]|$)/;
const DEFAULT_PORTS: ReadonlyMap<string, string> = new Map([['http', '80'], ['https', '443']]);
const MAX_HOST_SUFFIXES = 5;
const MAX_PATH_PREFIXES = 4;
const NON_ASCII = /\P{ASCII}/u;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ENCODER = new TextEncoder();

export type PortableUrl = {
  /** The whole canonical URL: `http://example.com/login`. */
  href: string;
  /** Escaped canonical host: lower-case ASCII, dotted IPv4 or bracketed IPv6. */
  host: string;
  hostKind: 'name' | 'ipv4' | 'ipv6';
  path: string;
  /** Text after `?`; null when the URL has no `?` at all. */
  query: string | null;
};

/**
 * UTS #46 ASCII form of a host, '' when it has none: the WHATWG `hostname` setter, which is what
 * Node's domainToASCII runs. A setter that fails leaves the old host, so two URLs with different
 * hosts tell a failure (they still differ) from a result (they agree).
 */
export function domainToAscii(domain: string): string {
  const first = new URL('ws://a');
  const second = new URL('ws://b');
  first.hostname = domain;
  second.hostname = domain;
  return first.hostname === second.hostname ? first.hostname : '';
}

/** Lower-case ASCII (punycode) form of a host, or null when it cannot be converted. */
export function toAsciiHost(raw: string): string | null {
  const lower = raw.toLowerCase();
  const ascii = NON_ASCII.test(lower) ? domainToAscii(lower) : lower;
  return ascii === '' || NON_ASCII.test(ascii) ? null : ascii;
}

/** Registrable domain under the ICANN part of the Public Suffix List, or null (IPs, bare suffixes, unknown TLDs). */
export function registrableDomainOf(asciiHost: string): string | null {
  const result = parseTld(asciiHost, { allowPrivateDomains: false });
  return result.isIp === true || result.isIcann !== true ? null : result.domain;
}

/** A bare host name with a registrable ICANN domain, in ASCII; null when it is not one. */
export function normalizeDomainName(raw: string): string | null {
  const host = toAsciiHost(raw.endsWith('.') ? raw.slice(0, -1) : raw);
  if (host === null || host.length > 253 || !host.split('.').every((label) => LDH_LABEL.test(label))) return null;
  return registrableDomainOf(host) === null ? null : host;
}

// One char per UTF-8 byte: Safe Browsing unescapes to bytes that need not be valid UTF-8.
function toBinary(text: string): string {
  let out = '';
  for (const byte of ENCODER.encode(text)) out += String.fromCharCode(byte);
  return out;
}

function decodeUtf8(binary: string): string | null {
  try {
    return UTF8.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

const lowerAscii = (binary: string): string => binary.replace(/[A-Z]+/g, (run) => run.toLowerCase());
const tidyDots = (host: string): string => host.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');

function unescapeRepeatedly(binary: string): string {
  let current = binary;
  for (;;) {
    const next = current.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) return current;
    current = next;
  }
}

// Percent-escape every byte ≤ 0x20 or ≥ 0x7f, and '#' and '%', with upper-case hex.
function escapeBytes(binary: string): string {
  let out = '';
  for (let i = 0; i < binary.length; i++) {
    const code = binary.charCodeAt(i);
    const escape = code <= 0x20 || code >= 0x7f || code === 0x23 || code === 0x25;
    out += escape ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : binary.charAt(i);
  }
  return out;
}

function canonicalHost(rawHost: string): { host: string; kind: PortableUrl['hostKind'] } {
  const binary = tidyDots(rawHost);
  if (binary === '') return invalid('URL has no host');
  if (binary.startsWith('[')) {
    const v6 = binary.endsWith(']') ? parseIPv6(binary.slice(1, -1)) : null;
    if (v6 === null) return invalid('not a valid IPv6 host');
    return { host: `[${formatIPv6(v6)}]`, kind: 'ipv6' };
  }
  let ascii = lowerAscii(binary);
  if (NON_ASCII.test(binary)) {
    const converted = decodeUtf8(binary);
    const mapped = converted === null ? null : toAsciiHost(converted);
    // Hosts that UTS #46 rejects keep their bytes, escaped, as Safe Browsing does.
    if (mapped !== null && /^[a-z0-9._-]+$/.test(tidyDots(mapped))) ascii = tidyDots(mapped);
  }
  const v4 = parseIPv4Loose(ascii);
  if (v4 !== null) return { host: formatIPv4(v4), kind: 'ipv4' };
  return { host: escapeBytes(ascii), kind: 'name' };
}

// Resolve `.` and `..`, collapse runs of `/`; the result always starts with `/`.
function canonicalPath(path: string): string {
  const segments = path.split('/');
  const stack: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') stack.pop();
    else stack.push(segment);
  }
  const last = segments[segments.length - 1];
  const trailing = last === '' || last === '.' || last === '..';
  return stack.length === 0 ? '/' : `/${stack.join('/')}${trailing ? '/' : ''}`;
}

function splitScheme(binary: string): { scheme: string; rest: string } {
  const match = SCHEME.exec(binary);
  const afterColon = match === null ? '' : binary.slice(match[0].length);
  if (match?.[1] === undefined || (!/^[/\\]/.test(afterColon) && PORT_AFTER_COLON.test(afterColon))) {
    return { scheme: 'http', rest: binary.replace(/^(?:\/\/|\\\\)/, '') };
  }
  return { scheme: match[1].toLowerCase(), rest: afterColon.replace(/^[/\\]*/, '') };
}

function canonicalPort(text: string, scheme: string): string {
  if (!/^\d*$/.test(text)) return invalid('not a valid port');
  const port = text.replace(/^0+(?=\d)/, '');
  if (port === '' || port === DEFAULT_PORTS.get(scheme)) return '';
  if (Number(port) > 65535) return invalid('not a valid port');
  return port;
}

/** Canonicalise a URL by the Safe Browsing rules (as the server does); throws TargetError when it is not an http(s) URL. */
export function canonicalizeUrl(input: string): PortableUrl {
  const stripped = input.replace(/[\t\r\n]/g, '').trim();
  const hash = stripped.indexOf('#');
  const { scheme, rest } = splitScheme(toBinary(hash < 0 ? stripped : stripped.slice(0, hash)));
  if (scheme !== 'http' && scheme !== 'https') return invalid('only http and https URLs are supported');
  const authorityEnd = rest.search(/[/\\?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const hostAndPort = unescapeRepeatedly(authority.slice(authority.lastIndexOf('@') + 1));
  const closeBracket = hostAndPort.startsWith('[') ? hostAndPort.indexOf(']') + 1 : 0;
  const colon = hostAndPort.indexOf(':', closeBracket);
  const rawHost = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  if (/[/?@\\]/.test(rawHost)) return invalid('URL host has characters that are not allowed');
  const host = canonicalHost(rawHost);
  const port = canonicalPort(colon < 0 ? '' : hostAndPort.slice(colon + 1), scheme);
  const pathAndQuery = unescapeRepeatedly(authorityEnd < 0 ? '' : rest.slice(authorityEnd));
  const questionMark = pathAndQuery.indexOf('?');
  const rawPath = (questionMark < 0 ? pathAndQuery : pathAndQuery.slice(0, questionMark)).replace(/\\/g, '/');
  const path = escapeBytes(canonicalPath(rawPath));
  const query = questionMark < 0 ? null : escapeBytes(pathAndQuery.slice(questionMark + 1));
  const href = `${scheme}://${host.host}${port === '' ? '' : `:${port}`}${path}${query === null ? '' : `?${query}`}`;
  return { href, host: host.host, hostKind: host.kind, path, query };
}

/** True when a scheme-less input is a host (with a public suffix, or an IP) followed by `/` or `?`. */
export function looksLikeSchemelessUrl(input: string): boolean {
  const match = /^(?:\/\/)?([^\s/?#\\@]+)[/?\\]/.exec(input);
  const hostAndPort = match?.[1];
  if (hostAndPort === undefined) return false;
  const host = hostAndPort.replace(/:\d{1,5}$/, '');
  if (/^\[[0-9a-f:.]+\]$/i.test(host)) return true;
  return parseIPv4(host) !== null || normalizeDomainName(host) !== null;
}

/** Safe Browsing lookup expressions of a canonical URL: host suffixes × path prefixes, at most 30. */
export function urlLookupExpressions(url: PortableUrl): string[] {
  const hosts = url.hostKind === 'name' ? hostSuffixes(url.host) : [url.host];
  const paths = pathVariants(url.path, url.query);
  return [...new Set(hosts.flatMap((host) => paths.map((path) => host + path)))];
}

// The exact host, then up to four suffixes from the last five labels, never the bare TLD.
function hostSuffixes(host: string): string[] {
  const labels = host.split('.');
  const suffixes = [host];
  for (let i = Math.max(1, labels.length - MAX_HOST_SUFFIXES); i < labels.length - 1; i++) suffixes.push(labels.slice(i).join('.'));
  return suffixes;
}

// The exact path with and without the query, then `/` and up to three more directory prefixes.
function pathVariants(path: string, query: string | null): string[] {
  const variants = query === null ? [path] : [`${path}?${query}`, path];
  let prefix = '/';
  variants.push(prefix);
  for (const segment of path.split('/').slice(1, -1).slice(0, MAX_PATH_PREFIXES - 1)) {
    prefix += `${segment}/`;
    variants.push(prefix);
  }
  return [...new Set(variants)];
}
