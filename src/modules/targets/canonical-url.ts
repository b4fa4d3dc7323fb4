// URLs in the canonical form of Google Safe Browsing
// (https://developers.google.com/safe-browsing/v4/urls-hashing), and the host-suffix ×
// path-prefix expressions used to look a URL up in block lists. Web APIs only (TextEncoder,
// TextDecoder, the WHATWG host parser), shared by the server (url.ts adds display and flags)
// and the lookup client.
//
// The work is done on a "binary string" (one char per UTF-8 byte) because Safe Browsing
// unescapes to bytes, which need not be valid UTF-8, and re-escapes every byte ≥ 0x7f.
// Where Safe Browsing and browsers disagree in a way that matters for abuse, we follow the
// browser, so that a report is keyed to the host a victim actually reaches: the authority is
// delimited before unescaping, and `\` is a path separator (`http://evil.com\@bank.com/` and
// `http://bank.com%2F@evil.com/` are evil.com, not bank.com). Non-default ports are kept.
import type { AsciiHost } from './hostname.ts';
import { normalizeDomainName, toAsciiHost } from './hostname.ts';
import { formatIPv4, formatIPv6, isPrivateIPv4, isPrivateIPv6, parseIPv4, parseIPv4Loose, parseIPv6 } from './ip.ts';
import { invalid } from './types.ts';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const PORT_AFTER_COLON = /^\d+(?:[/?\\]|$)/;
const DEFAULT_PORTS: ReadonlyMap<string, string> = new Map([['http', '80'], ['https', '443']]);
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });
const UTF8_ENCODER = new TextEncoder();
const MAX_HOST_SUFFIXES = 5;
const MAX_PATH_PREFIXES = 4;

export type CanonicalUrl = {
  /** The whole canonical URL: `http://example.com/login`. */
  href: string;
  scheme: 'http' | 'https';
  /** Escaped canonical host: lower-case ASCII, dotted IPv4 or bracketed IPv6. */
  host: string;
  hostKind: 'name' | 'ipv4' | 'ipv6';
  /** Empty when it is the scheme's default. */
  port: string;
  path: string;
  /** Text after `?`; null when the URL has no `?` at all. */
  query: string | null;
  /** A name host as written (before escaping), which the server's look-alike flags read; null for IP hosts. */
  spelling: AsciiHost | null;
  /** An IP host in a private or reserved range. */
  privateIp: boolean;
};

type CanonicalHost = Pick<CanonicalUrl, 'host' | 'hostKind' | 'spelling' | 'privateIp'>;

// One char per UTF-8 byte (lone surrogates become U+FFFD's bytes); ASCII text is that already.
function toBinary(text: string): string {
  if (!/\P{ASCII}/u.test(text)) return text;
  let out = '';
  for (const byte of UTF8_ENCODER.encode(text)) out += String.fromCharCode(byte);
  return out;
}

// Decode a binary string's bytes as UTF-8; null when they are not valid UTF-8.
function decodeUtf8(binary: string): string | null {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return UTF8_DECODER.decode(bytes);
  } catch {
    return null;
  }
}

const lowerAscii = (binary: string): string => binary.replace(/[A-Z]+/g, (run) => run.toLowerCase());

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

const tidyDots = (host: string): string => host.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');

function canonicalHost(rawHost: string): CanonicalHost {
  const binary = tidyDots(rawHost);
  if (binary === '') return invalid('URL has no host');
  if (binary.startsWith('[')) {
    const v6 = binary.endsWith(']') ? parseIPv6(binary.slice(1, -1)) : null;
    if (v6 === null) return invalid('not a valid IPv6 host');
    return { host: `[${formatIPv6(v6)}]`, hostKind: 'ipv6', spelling: null, privateIp: isPrivateIPv6(v6) };
  }
  let info: AsciiHost = { ascii: lowerAscii(binary), hadNonAscii: false, hadPunycode: false };
  if (/\P{ASCII}/u.test(binary)) {
    info = { ...info, hadNonAscii: true };
    const converted = decodeUtf8(binary);
    const ascii = converted === null ? null : toAsciiHost(converted);
    // Hosts that UTS #46 rejects keep their bytes, escaped, as Safe Browsing does.
    if (ascii !== null && /^[a-z0-9._-]+$/.test(tidyDots(ascii.ascii))) info = { ...ascii, ascii: tidyDots(ascii.ascii) };
  } else {
    info = { ...info, hadPunycode: info.ascii.split('.').some((label) => label.startsWith('xn--')) };
  }
  const v4 = parseIPv4Loose(info.ascii);
  if (v4 !== null) return { host: formatIPv4(v4), hostKind: 'ipv4', spelling: null, privateIp: isPrivateIPv4(v4) };
  return { host: escapeBytes(info.ascii), hostKind: 'name', spelling: info, privateIp: false };
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
    // No scheme (`example.com:8080/x` is a host and port): browsers assume http.
    return { scheme: 'http', rest: binary.replace(/^(?:\/\/|\\\\)/, '') };
  }
  return { scheme: match[1].toLowerCase(), rest: afterColon.replace(/^[/\\]*/, '') };
}

/** Canonicalise a URL by the Safe Browsing rules; throws TargetError when it is not an http(s) URL. */
export function canonicalizeUrl(input: string): CanonicalUrl {
  const stripped = input.replace(/[\t\r\n]/g, '').trim();
  const hash = stripped.indexOf('#');
  const { scheme, rest } = splitScheme(toBinary(hash < 0 ? stripped : stripped.slice(0, hash)));
  if (scheme !== 'http' && scheme !== 'https') return invalid('only http and https URLs are supported');
  const authorityEnd = rest.search(/[/\\?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const { host, port } = splitHostAndPort(unescapeRepeatedly(authority.slice(authority.lastIndexOf('@') + 1)), scheme);
  const pathAndQuery = unescapeRepeatedly(authorityEnd < 0 ? '' : rest.slice(authorityEnd));
  const questionMark = pathAndQuery.indexOf('?');
  const rawPath = (questionMark < 0 ? pathAndQuery : pathAndQuery.slice(0, questionMark)).replace(/\\/g, '/');
  const path = escapeBytes(canonicalPath(rawPath));
  const query = questionMark < 0 ? null : escapeBytes(pathAndQuery.slice(questionMark + 1));
  const href = `${scheme}://${host.host}${port === '' ? '' : `:${port}`}${path}${query === null ? '' : `?${query}`}`;
  return { href, scheme, ...host, port, path, query };
}

function splitHostAndPort(hostAndPort: string, scheme: string): { host: CanonicalHost; port: string } {
  const closeBracket = hostAndPort.startsWith('[') ? hostAndPort.indexOf(']') + 1 : 0;
  const colon = hostAndPort.indexOf(':', closeBracket);
  const rawHost = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  // Escaped delimiters that would change the URL's structure if written back.
  if (/[/?@\\]/.test(rawHost)) return invalid('URL host has characters that are not allowed');
  return { host: canonicalHost(rawHost), port: canonicalPort(colon < 0 ? '' : hostAndPort.slice(colon + 1), scheme) };
}

function canonicalPort(text: string, scheme: string): string {
  if (!/^\d*$/.test(text)) return invalid('not a valid port');
  const port = text.replace(/^0+(?=\d)/, '');
  if (port === '' || port === DEFAULT_PORTS.get(scheme)) return '';
  if (Number(port) > 65535) return invalid('not a valid port');
  return port;
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

/** Safe Browsing lookup expressions for a canonical URL (host suffixes × path prefixes, ≤ 30). */
export function urlLookupExpressions(canonicalUrl: string): string[] {
  return lookupExpressionsOf(canonicalizeUrl(canonicalUrl));
}

/** Safe Browsing lookup expressions of a URL already canonicalised. */
export function lookupExpressionsOf(url: CanonicalUrl): string[] {
  const hosts = url.hostKind === 'name' ? hostSuffixes(url.host) : [url.host];
  const paths = pathVariants(url.path, url.query);
  const expressions = hosts.flatMap((host) => paths.map((path) => host + path));
  return [...new Set(expressions)];
}

// The exact host, then up to four suffixes from the last five labels, never the bare TLD.
function hostSuffixes(host: string): string[] {
  const labels = host.split('.');
  const suffixes = [host];
  for (let i = Math.max(1, labels.length - MAX_HOST_SUFFIXES); i < labels.length - 1; i++) {
    suffixes.push(labels.slice(i).join('.'));
  }
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
