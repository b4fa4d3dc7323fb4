// A reference client of the privacy-preserving lookup API, for a browser extension, a mail
// filter or a DNS resolver. It keeps the list of published hash prefixes locally (sync), hashes
// what it checks on the device, and asks the server only about prefixes that hit the list —
// never the value, never a full hash. Web APIs only: fetch and Web Crypto (both in Node 24).
import { TargetError, type TargetType } from '../../targets/portable.ts';
import { fromBase64, sha256, sha256Hex, toHex } from './bytes.ts';
import { HASH_SCOPES, HASH_VERDICTS, type HashScope, type HashVerdict } from './expressions.ts';
import { normalizeTarget, type LookupTarget, type Normalize } from './normalize.ts';
import { compareHits, planOf, specificityOf } from './plan.ts';
import { PrefixList } from './prefix-list.ts';

export type LookupClientOptions = {
  /** The server, e.g. `https://antoan.example.vn`. */
  baseUrl: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Bytes per prefix, 4–16 (default 4): longer prefixes mean fewer full-hash requests and a bigger list. */
  prefixSize?: number;
  /** The value's normal form; defaults to the portable normaliser (normalize.ts). */
  normalize?: Normalize;
  /** Milliseconds since the epoch (tests move it); defaults to Date.now. */
  now?: () => number;
};

/** One published listing that covers the checked value. */
export type LookupMatch = {
  /** The client's own expression that hit (never sent anywhere). */
  expression: string;
  verdict: HashVerdict;
  scope: HashScope;
  /** The listed indicator's type. */
  type: string;
  categories: string[];
  /** As the server's lookup scores it (see lookup-index.ts `Match`). */
  specificity: number;
};

export type LookupAnswer = { verdict: HashVerdict | 'unknown'; matches: LookupMatch[] };

export type SyncResult = { serial: number; count: number; full: boolean };

type FullHash = { hash: string; verdict: HashVerdict; scope: HashScope; type: string; categories: string[] };
type CachedAnswer = { until: number; entries: FullHash[] };

/** A failed exchange with the server: an HTTP status other than 200, or an answer that does not add up. */
export class LookupClientError extends Error {
  constructor(message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'LookupClientError';
  }
}

const MIN_PREFIX = 4;
const MAX_PREFIX = 16;

export class LookupClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly normalize: Normalize;
  private readonly now: () => number;
  readonly prefixSize: number;
  private list: PrefixList | null = null;
  private listSerial: number | null = null;
  private syncing: Promise<SyncResult> | null = null;
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(options: LookupClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.normalize = options.normalize ?? normalizeTarget;
    this.now = options.now ?? Date.now;
    this.prefixSize = options.prefixSize ?? MIN_PREFIX;
    if (!Number.isInteger(this.prefixSize) || this.prefixSize < MIN_PREFIX || this.prefixSize > MAX_PREFIX) {
      throw new RangeError(`prefixSize must be an integer from ${MIN_PREFIX} to ${MAX_PREFIX}`);
    }
  }

  /** The change serial of the local prefix list; null before the first sync. */
  get serial(): number | null {
    return this.listSerial;
  }

  /** How many prefixes the local list holds. */
  get prefixCount(): number {
    return this.list?.count ?? 0;
  }

  /**
   * Bring the local prefix list up to date: the whole list the first time, then the changes
   * since the last serial. A delta whose result does not match the server's checksum is dropped
   * for a full download, and a full download that does not match is an error.
   */
  sync(): Promise<SyncResult> {
    this.syncing ??= this.syncOnce().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /**
   * The verdict on a value (type detected when omitted), as `GET /api/v1/check` would give it.
   * Throws TargetError when the value cannot be read as that type (the check answers 400).
   */
  async check(value: string, type?: TargetType): Promise<LookupAnswer> {
    return this.lookup(this.normalize(value, type));
  }

  /**
   * The verdict on a host name or IP address, for a resolver answering a DNS query. A name that
   * no listing can name (`localhost`, a bare public suffix, an unknown TLD) is unknown, not an error.
   */
  async checkHost(host: string): Promise<LookupAnswer> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    let target: LookupTarget;
    try {
      target = /^[0-9.]+$|:/.test(bare) ? this.normalize(bare, 'ip') : this.normalize(host, 'domain');
    } catch (error) {
      if (error instanceof TargetError) return { verdict: 'unknown', matches: [] };
      throw error;
    }
    return this.lookup(target);
  }

  private async lookup(target: LookupTarget): Promise<LookupAnswer> {
    if (this.list === null) await this.sync();
    const list = this.list;
    if (list === null) throw new LookupClientError('no prefix list');
    const plan = planOf(target);
    const hashed = await Promise.all([...plan.keys()].map(async (expression) => ({ expression, hash: toHex(await sha256(expression)) })));
    // Only candidates whose prefix is published lead to a request, one per distinct prefix.
    const candidates = hashed.filter(({ hash }) => list.hasHex(hash));
    const prefixes = [...new Set(candidates.map(({ hash }) => hash.slice(0, this.prefixSize * 2)))];
    const answers = new Map(await Promise.all(prefixes.map(async (prefix) => [prefix, await this.fullHashes(prefix)] as const)));
    const matches: LookupMatch[] = [];
    for (const { expression, hash } of candidates) {
      for (const entry of answers.get(hash.slice(0, this.prefixSize * 2)) ?? []) {
        if (entry.hash !== hash) continue;
        for (const probe of plan.get(expression) ?? []) {
          const specificity = specificityOf(probe, entry.scope);
          if (specificity !== null) matches.push({ expression, verdict: entry.verdict, scope: entry.scope, type: entry.type, categories: entry.categories, specificity });
        }
      }
    }
    matches.sort(compareHits);
    return { verdict: matches[0]?.verdict ?? 'unknown', matches };
  }

  // The full hashes under a prefix, from the cache while the server's cacheSeconds last.
  private async fullHashes(prefix: string): Promise<FullHash[]> {
    const cached = this.answers.get(prefix);
    if (cached !== undefined && cached.until > this.now()) return cached.entries;
    const body = await this.getJson(`/api/v1/hashes/${prefix}`);
    const entries = Array.isArray(body.matches) ? body.matches.filter(isFullHash) : [];
    const seconds = typeof body.cacheSeconds === 'number' ? body.cacheSeconds : 0;
    this.answers.set(prefix, { until: this.now() + seconds * 1000, entries });
    return entries;
  }

  private async syncOnce(): Promise<SyncResult> {
    if (this.list === null || this.listSerial === null) return this.downloadFull();
    const body = await this.getJson(`/api/v1/hashes/prefixes?size=${this.prefixSize}&since=${this.listSerial}`);
    if (body.full === true) return this.install(body, null);
    const additions = this.prefixesOf(body.additions);
    const removals = this.prefixesOf(body.removals);
    const next = this.list.apply(additions, removals);
    if ((await sha256Hex(next.bytes)) !== body.checksum || typeof body.serial !== 'number') return this.downloadFull();
    // A cached answer under a prefix that changed may be stale: ask again next time.
    for (const changed of [additions, removals]) {
      for (let at = 0; at < changed.bytes.length; at += this.prefixSize) this.answers.delete(toHex(changed.bytes.subarray(at, at + this.prefixSize)));
    }
    this.list = next;
    this.listSerial = body.serial;
    return { serial: body.serial, count: next.count, full: false };
  }

  private async downloadFull(): Promise<SyncResult> {
    return this.install(await this.getJson(`/api/v1/hashes/prefixes?size=${this.prefixSize}`), 'fail');
  }

  // Install a full list; on a checksum mismatch either fail or (after a delta request) download again.
  private async install(body: Record<string, unknown>, onMismatch: 'fail' | null): Promise<SyncResult> {
    const list = this.prefixesOf(body.prefixes);
    if (typeof body.serial !== 'number' || (await sha256Hex(list.bytes)) !== body.checksum) {
      if (onMismatch === null) return this.downloadFull();
      throw new LookupClientError('the prefix list does not match its checksum');
    }
    this.list = list;
    this.listSerial = body.serial;
    this.answers.clear();
    return { serial: body.serial, count: list.count, full: true };
  }

  private prefixesOf(base64: unknown): PrefixList {
    if (typeof base64 !== 'string') throw new LookupClientError('the server sent no prefixes');
    try {
      return PrefixList.of(this.prefixSize, fromBase64(base64));
    } catch (error) {
      throw new LookupClientError(`the server sent a malformed prefix list: ${(error as Error).message}`);
    }
  }

  private async getJson(path: string): Promise<Record<string, unknown>> {
    const response = await this.fetch(`${this.baseUrl}${path}`, { headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new LookupClientError(`the lookup server answered ${response.status}`, response.status);
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null) throw new LookupClientError('the lookup server sent something other than a JSON object');
    return body as Record<string, unknown>;
  }
}

// Entries of a full-hash answer the client understands; others (a newer server's scopes) are skipped.
function isFullHash(entry: unknown): entry is FullHash {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return (
    typeof e.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(e.hash) &&
    (HASH_VERDICTS as readonly unknown[]).includes(e.verdict) &&
    (HASH_SCOPES as readonly unknown[]).includes(e.scope) &&
    typeof e.type === 'string' &&
    Array.isArray(e.categories) &&
    e.categories.every((c) => typeof c === 'string')
  );
}
