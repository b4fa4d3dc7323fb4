// Domain and URL listings grouped by site: the registrable domain of their host, or the host
// itself when it has none (an IP, a public suffix, an unknown TLD). A check probes the one site
// of its host — a single hash-map probe over a million keys, which is most of a lookup's cost —
// and compares the few listings under it. Busy sites (a hosting domain with many listed
// subdomains or paths) switch from a list to a map of their own, so no site is scanned long.
import type { Indicator } from './lookup-index.ts';

/** Indicators under one key. A lone indicator is stored bare: most keys have one, and skipping the array saves a dependent memory load per hit. */
export type Bucket = Indicator | readonly Indicator[] | undefined;

/** Receives the buckets that cover a query, with their specificity (see `Match`). */
export interface MatchSink {
  add(bucket: Bucket, specificity: number): void;
}

export const HOST_WEIGHT = 65_536;
const URL_ON_IP_HOST_SCORE = 129;
// Safe Browsing looks a URL up on its host and on parent hosts of 2 to 5 labels, and on at most
// three directory prefixes of its path (`urlLookupExpressions`).
const MIN_SUFFIX_LABELS = 2;
const MAX_SUFFIX_LABELS = 5;
const MAX_DIRECTORY_PREFIXES = 3;
// Entries a site keeps in a list before it switches to a map.
const LIST_LIMIT = 8;

/** Bucket with one more indicator. */
export function withAdded(bucket: Bucket, indicator: Indicator): Bucket {
  if (bucket === undefined) return indicator;
  return Array.isArray(bucket) ? [...(bucket as readonly Indicator[]), indicator] : [bucket as Indicator, indicator];
}

/** Bucket without the indicator of this id. */
export function without(bucket: Bucket, id: string): Bucket {
  if (bucket === undefined) return undefined;
  if (!Array.isArray(bucket)) return (bucket as Indicator).id === id ? undefined : bucket;
  const kept = (bucket as readonly Indicator[]).filter((indicator) => indicator.id !== id);
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : kept;
}

/** Number of dot-separated labels. */
export function countLabels(host: string): number {
  let labels = 1;
  for (let i = 0; i < host.length; i++) if (host.charCodeAt(i) === 46) labels++;
  return labels;
}

/** True when `parent` is `host` minus one or more leading labels. */
function isParentOf(parent: string, host: string): boolean {
  return parent.length < host.length && host.charCodeAt(host.length - parent.length - 1) === 46 && host.endsWith(parent);
}

type Keyed = { readonly key: string };
// Entries of a site: none, one, a short list, or a map once the list is long.
type Entries<E extends Keyed> = E | E[] | Map<string, E> | undefined;

function findEntry<E extends Keyed>(entries: Entries<E>, key: string): E | undefined {
  if (entries === undefined) return undefined;
  if (entries instanceof Map) return entries.get(key);
  if (Array.isArray(entries)) return entries.find((entry) => entry.key === key);
  return entries.key === key ? entries : undefined;
}

function forEachEntry<E extends Keyed>(entries: Entries<E>, visit: (entry: E) => void): void {
  if (entries === undefined) return;
  if (entries instanceof Map) for (const entry of entries.values()) visit(entry);
  else if (Array.isArray(entries)) for (const entry of entries) visit(entry);
  else visit(entries);
}

function withEntry<E extends Keyed>(entries: Entries<E>, entry: E): Entries<E> {
  if (entries === undefined) return entry;
  if (entries instanceof Map) return entries.set(entry.key, entry);
  if (!Array.isArray(entries)) return [entries, entry];
  if (entries.length < LIST_LIMIT) return [...entries, entry];
  return new Map([...entries, entry].map((e) => [e.key, e]));
}

function withoutEntry<E extends Keyed>(entries: Entries<E>, entry: E): Entries<E> {
  if (entries === undefined || entries === entry) return undefined;
  if (entries instanceof Map) {
    entries.delete(entry.key);
    // Back to a list once it is short again (half the limit, so a site on the edge does not flap).
    return entries.size > LIST_LIMIT / 2 ? entries : compact([...entries.values()]);
  }
  return Array.isArray(entries) ? compact(entries.filter((e) => e !== entry)) : entries;
}

const compact = <E extends Keyed>(list: E[]): Entries<E> => (list.length === 0 ? undefined : list.length === 1 ? list[0] : list);

/** Domain listings on one host: exact (`example.com`) and wildcard (`*.example.com`). */
export class HostEntry {
  exact: Bucket = undefined;
  wildcard: Bucket = undefined;
  readonly labels: number;

  constructor(readonly key: string) {
    this.labels = countLabels(key);
  }
}

/** URL listings under one Safe Browsing expression: `host` + `path` (the path with its query). */
export class UrlEntry {
  bucket: Bucket = undefined;
  readonly key: string;
  readonly labels: number;
  // Directories in the path when it can stand for a directory prefix (`/a/b/` → 2), else -1.
  private readonly directories: number;

  constructor(
    readonly host: string,
    readonly path: string,
  ) {
    this.key = host + path;
    this.labels = countLabels(host);
    const slashes = path.split('/').length - 1;
    this.directories = path.endsWith('/') && !path.includes('?') ? slashes - 1 : -1;
  }

  /** Whether this expression is one of the query URL's lookup expressions (without building them). */
  covers(query: UrlQuery): boolean {
    const hostCovered =
      this.host === query.host ||
      (!query.ip && this.labels >= MIN_SUFFIX_LABELS && this.labels <= MAX_SUFFIX_LABELS && isParentOf(this.host, query.host));
    if (!hostCovered) return false;
    if (this.path === query.pathAndQuery || this.path === query.path) return true;
    return this.directories >= 0 && this.directories <= MAX_DIRECTORY_PREFIXES && query.path.startsWith(this.path);
  }

  /** Specificity of this expression for a query it covers. */
  specificity(query: UrlQuery): number {
    const hostScore = query.ip ? URL_ON_IP_HOST_SCORE : this.labels * 2 + (this.host.length === query.host.length ? 1 : 0);
    return hostScore * HOST_WEIGHT + Math.min(this.path.length, HOST_WEIGHT - 1);
  }
}

/** A URL being checked, split once: canonical host (no port), path, path with query. */
export type UrlQuery = { host: string; ip: boolean; path: string; pathAndQuery: string };

/**
 * The host (without its port) and the path with its query of a canonical URL (`parseTarget`'s
 * normal form): its Safe Browsing expression is the two joined. Null when it is not http(s).
 */
export function splitCanonicalUrl(href: string): { host: string; pathAndQuery: string } | null {
  const start = href.startsWith('https://') ? 8 : href.startsWith('http://') ? 7 : -1;
  if (start < 0) return null;
  const slash = href.indexOf('/', start);
  const authority = slash < 0 ? href.slice(start) : href.slice(start, slash);
  const end = authority.startsWith('[') ? authority.indexOf(']') + 1 : authority.indexOf(':');
  const host = end <= 0 ? authority : authority.slice(0, end);
  return host === '' ? null : { host, pathAndQuery: slash < 0 ? '/' : href.slice(slash) };
}

/** Split a canonical URL into a query, given its host (the target's `details.host`). */
export function urlQueryOf(href: string, host: string, ip: boolean): UrlQuery {
  const slash = href.indexOf('/', href.indexOf('//') + 2);
  const pathAndQuery = slash < 0 ? '/' : href.slice(slash);
  const question = pathAndQuery.indexOf('?');
  return { host, ip, path: question < 0 ? pathAndQuery : pathAndQuery.slice(0, question), pathAndQuery };
}

/** The Safe Browsing path variants of a query: with and without the query, `/`, then up to three directory prefixes. */
function pathVariants(query: UrlQuery): string[] {
  const variants = query.pathAndQuery === query.path ? [query.path] : [query.pathAndQuery, query.path];
  if (query.path !== '/') variants.push('/');
  let from = 1;
  for (let i = 0; i < MAX_DIRECTORY_PREFIXES; i++) {
    const slash = query.path.indexOf('/', from);
    if (slash < 0) break;
    const prefix = query.path.slice(0, slash + 1);
    if (prefix !== query.path) variants.push(prefix);
    from = slash + 1;
  }
  return variants;
}

/**
 * Listings of one site. The site is itself the entry of its own host (the registrable domain,
 * or the bare host): most listings name the site itself, and a check then reads one object.
 * `hosts` holds the listed hosts below it.
 */
export class Site extends HostEntry {
  hosts: Entries<HostEntry> = undefined;
  urls: Entries<UrlEntry> = undefined;

  get empty(): boolean {
    return this.exact === undefined && this.wildcard === undefined && this.hosts === undefined && this.urls === undefined;
  }

  /** The entry of a host of this site, created on demand. */
  hostEntry(host: string): HostEntry {
    if (host === this.key) return this;
    let entry = findEntry(this.hosts, host);
    if (entry === undefined) {
      entry = new HostEntry(host);
      this.hosts = withEntry(this.hosts, entry);
    }
    return entry;
  }

  /** The entry of a host of this site, if it has one (creates nothing). */
  entryOf(host: string): HostEntry | undefined {
    return host === this.key ? this : findEntry(this.hosts, host);
  }

  /** Visit every host entry of the site, its own first. */
  forEachHost(visit: (entry: HostEntry) => void): void {
    visit(this);
    forEachEntry(this.hosts, visit);
  }

  /** Visit every URL expression of the site. */
  forEachUrl(visit: (entry: UrlEntry) => void): void {
    forEachEntry(this.urls, visit);
  }

  /** Forget a host entry once it holds nothing. */
  prune(entry: HostEntry): void {
    if (entry !== this && entry.exact === undefined && entry.wildcard === undefined) this.hosts = withoutEntry(this.hosts, entry);
  }

  /** The entry of a URL expression, created on demand. */
  urlEntry(host: string, path: string): UrlEntry {
    let entry = findEntry(this.urls, host + path);
    if (entry === undefined) {
      entry = new UrlEntry(host, path);
      this.urls = withEntry(this.urls, entry);
    }
    return entry;
  }

  /** Forget a URL entry once it holds nothing. */
  pruneUrl(entry: UrlEntry): void {
    if (entry.bucket === undefined) this.urls = withoutEntry(this.urls, entry);
  }

  /**
   * Domain listings covering `host`, which is this site's host or below it: exact ones on it
   * (unless the query is itself a `*.` wildcard), and wildcards on it and on its parents within
   * the site. A site holds no host above its own, so a wildcard never reaches above it.
   */
  matchHost(host: string, wildcardQuery: boolean, sink: MatchSink): void {
    // The site's own host: the query ends with it, so equal lengths mean equal names.
    if (host.length === this.key.length) {
      matchHostEntry(this, wildcardQuery, sink);
      return;
    }
    sink.add(this.wildcard, this.labels * 2 * HOST_WEIGHT);
    const hosts = this.hosts;
    if (hosts === undefined) return;
    if (hosts instanceof Map) {
      matchHostEntry(hosts.get(host), wildcardQuery, sink);
      for (let dot = host.indexOf('.'); dot >= 0 && host.length - dot - 1 > this.key.length; dot = host.indexOf('.', dot + 1)) {
        const parent = hosts.get(host.slice(dot + 1));
        if (parent !== undefined) sink.add(parent.wildcard, parent.labels * 2 * HOST_WEIGHT);
      }
    } else if (Array.isArray(hosts)) {
      for (const entry of hosts) matchListedHost(entry, host, wildcardQuery, sink);
    } else {
      matchListedHost(hosts, host, wildcardQuery, sink);
    }
  }

  /** URL listings whose expression is one of the query's lookup expressions. */
  matchUrl(query: UrlQuery, sink: MatchSink): void {
    const urls = this.urls;
    if (urls === undefined) return;
    if (urls instanceof Map) {
      matchUrlExpressions(urls, query, sink);
    } else if (Array.isArray(urls)) {
      for (const entry of urls) if (entry.covers(query)) sink.add(entry.bucket, entry.specificity(query));
    } else if (urls.covers(query)) {
      sink.add(urls.bucket, urls.specificity(query));
    }
  }
}

function matchHostEntry(entry: HostEntry | undefined, wildcardQuery: boolean, sink: MatchSink): void {
  if (entry === undefined) return;
  if (!wildcardQuery) sink.add(entry.exact, (entry.labels * 2 + 1) * HOST_WEIGHT);
  sink.add(entry.wildcard, entry.labels * 2 * HOST_WEIGHT);
}

function matchListedHost(entry: HostEntry, host: string, wildcardQuery: boolean, sink: MatchSink): void {
  if (entry.key.length === host.length) {
    if (entry.key === host) matchHostEntry(entry, wildcardQuery, sink);
  } else if (entry.wildcard !== undefined && isParentOf(entry.key, host)) {
    sink.add(entry.wildcard, entry.labels * 2 * HOST_WEIGHT);
  }
}

// A busy site: build the query's expressions and probe the site's map with each.
function matchUrlExpressions(urls: Map<string, UrlEntry>, query: UrlQuery, sink: MatchSink): void {
  const variants = pathVariants(query);
  const visit = (host: string): void => {
    for (const path of variants) {
      const entry = urls.get(host + path);
      if (entry !== undefined) sink.add(entry.bucket, entry.specificity(query));
    }
  };
  visit(query.host);
  if (!query.ip) forEachParentHost(query.host, visit);
}

/** The parent hosts Safe Browsing looks a URL up on besides its own: those of 2 to 5 labels. */
export function forEachParentHost(host: string, visit: (parent: string) => void): void {
  let labels = countLabels(host);
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
    labels--;
    if (labels >= MIN_SUFFIX_LABELS && labels <= MAX_SUFFIX_LABELS) visit(host.slice(dot + 1));
  }
}
