// In-process lookup throughput of the reputation index: 1,000,000 domain indicators from a fixed
// seed, then ≥ 5,000,000 domain lookups (hits, misses, subdomains under wildcards) on one core.
// Lookups run against pre-built Targets: parsing is the caller's cost, not the index's.
// Usage: node --expose-gc --import tsx bench/lookup.ts [-- <indicators> <lookups>]
import { performance } from 'node:perf_hooks';
import type { Indicator } from '../src/modules/reputation/lookup/index.ts';
import { LookupIndex, verdictOf } from '../src/modules/reputation/lookup/index.ts';
import type { Target } from '../src/modules/targets/index.ts';
import { parseTarget } from '../src/modules/targets/index.ts';
import { machineLine } from './machine.ts';

const indicatorCount = Number(process.argv[2] ?? 1_000_000);
const lookupCount = Number(process.argv[3] ?? 5_000_000);
const QUERY_POOL = 500_000;
const SUFFIXES = ['com', 'vn', 'com.vn', 'net', 'org', 'info', 'xyz', 'online'];
const VERDICTS = ['dangerous', 'dangerous', 'suspicious', 'trusted'] as const;

// mulberry32: small, fast, deterministic.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20240522);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const word = (): string => {
  let out = '';
  const length = 5 + Math.floor(random() * 8);
  for (let i = 0; i < length; i++) out += String.fromCharCode(97 + Math.floor(random() * 26));
  return out;
};

// Indicator n: a registrable domain (unique by its base-36 counter), sometimes a subdomain, 15 % wildcards.
type Generated = { value: string; registrable: string };
function generate(n: number): Generated {
  const registrable = `${word()}${n.toString(36)}.${pick(SUFFIXES)}`;
  const roll = random();
  if (roll < 0.15) return { value: `*.${registrable}`, registrable };
  if (roll < 0.35) return { value: `${pick(['login', 'secure', 'www', 'm', 'account'])}.${registrable}`, registrable };
  return { value: registrable, registrable };
}

const domainTarget = (host: string, registrable: string): Target => ({
  type: 'domain',
  value: host,
  display: host,
  flags: [],
  details: { host, registrableDomain: registrable },
});

const heapBefore = heapUsed();
const index = new LookupIndex();
const queries: Target[] = [];
const loadStarted = performance.now();
for (let n = 0; n < indicatorCount; n++) {
  const { value, registrable } = generate(n);
  const indicator: Indicator = { id: `i${n}`, type: 'domain', value, verdict: pick(VERDICTS), categories: ['phishing'] };
  index.upsert(indicator);
  // Every other indicator contributes one query: the listed host, a subdomain under it, or a miss.
  if (n % 2 === 0 && queries.length < QUERY_POOL) {
    const host = value.startsWith('*.') ? value.slice(2) : value;
    const roll = random();
    if (roll < 0.4) queries.push(domainTarget(host, registrable));
    else if (roll < 0.7) queries.push(domainTarget(`${word()}.${host}`, registrable));
    else {
      const miss = `${word()}q${n.toString(36)}.${pick(SUFFIXES)}`;
      queries.push(domainTarget(miss, miss));
    }
  }
}
const loadSeconds = (performance.now() - loadStarted) / 1000;
const heapAfter = heapUsed();

// The hand-built Targets must be what parseTarget would produce.
for (const query of queries.slice(0, 2000)) {
  const parsed = parseTarget(query.value, 'domain');
  if (parsed.value !== query.value || parsed.details.registrableDomain !== query.details.registrableDomain) {
    throw new Error(`generated target differs from parseTarget: ${query.value}`);
  }
}

let matched = 0;
let dangerous = 0;
const started = performance.now();
for (let i = 0; i < lookupCount; i++) {
  const matches = index.lookup(queries[i % queries.length] as Target);
  if (matches.length > 0) matched++;
  if (verdictOf(matches) === 'dangerous') dangerous++;
}
const seconds = (performance.now() - started) / 1000;

console.log(machineLine());
console.log(`load: ${index.size} indicators in ${loadSeconds.toFixed(2)} s = ${(index.size / loadSeconds).toFixed(0)} upserts/s`);
console.log(`heap: ${(heapAfter / 2 ** 20).toFixed(0)} MiB used after load, ≈ ${((heapAfter - heapBefore) / index.size).toFixed(0)} bytes per indicator (including ${queries.length} query targets)`);
console.log(`lookup: ${index.size} indicators, ${lookupCount} lookups in ${seconds.toFixed(2)} s = ${(lookupCount / seconds).toFixed(0)} lookups/s (one core; ${queries.length} distinct pre-built domain targets; ${((matched / lookupCount) * 100).toFixed(0)} % matched, ${((dangerous / lookupCount) * 100).toFixed(0)} % dangerous)`);

function heapUsed(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return process.memoryUsage().heapUsed;
}
