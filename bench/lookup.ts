// The check path from memory. 1,000,000 mixed indicators from a fixed seed (domains with
// wildcards and subdomains, URLs with paths, IPs and ranges, phones, bank accounts), then:
// in-process checks per second on one core for domains, URLs, phones and IPs (queries parsed
// beforehand: parsing is the caller's cost; one more line includes it), bytes per indicator,
// build time; then HTTP: the real app in a child process with the same indicators loaded,
// load against GET /api/v1/check (listed and unlisted domains in turn; these cookie-less requests
// are the fast lane's, src/core/http/fast-lane.ts, and the share it answered is printed) and against
// /healthz (a Fastify route that does no work) with the same connections and duration, and the
// ratio. The load comes
// from wrk when it is installed (Debian's package: `apt-get install wrk`), else from autocannon in
// this process, which takes about a core itself and slows the server it shares the machine with.
// The two routes take turns for several rounds: this machine's speed drifts for minutes at a time
// (a quiet phase roughly halves a bare request's cost), so each round's ratio is printed with the
// bare route's cost in that round, and the median is the figure.
// Usage: npm run bench:lookup [-- --indicators 1000000 --seconds 5 --rounds 6 --connections 16 --load wrk|autocannon --no-http]
import { Buffer } from 'node:buffer';
import { execFile, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { IndexedIndicator } from '../src/modules/reputation/live-index.ts';
import { LookupIndex } from '../src/modules/reputation/lookup/index.ts';
import type { Target, TargetType } from '../src/modules/targets/index.ts';
import { parseTarget } from '../src/modules/targets/index.ts';
import { machineLine } from './machine.ts';
import { seeded } from './seeded.ts';

const { values } = parseArgs({
  options: {
    indicators: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    'no-http': { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    // wrk (Debian's package) when it is installed: a load generator in C takes little of the
    // machine, so the server's figures are the server's; autocannon (JavaScript) otherwise.
    load: { type: 'string', default: spawnSync('wrk', ['--version']).error === undefined ? 'wrk' : 'autocannon' },
  },
});
const indicatorCount = Number(values.indicators);
const SEED = 20240522;
const SUFFIXES = ['com', 'vn', 'com.vn', 'net', 'org', 'info', 'xyz', 'online'];
const VERDICTS = ['dangerous', 'dangerous', 'suspicious', 'trusted'] as const;
const SUBDOMAINS = ['login', 'secure', 'www', 'm', 'account'];
const MOBILE = ['32', '33', '34', '35', '36', '37', '38', '39', '56', '58', '70', '76', '77', '78', '79', '81', '82', '83', '84', '85', '86', '88', '89', '90', '91', '93', '94', '96', '97', '98'];
const BANKS = ['VCB', 'TCB', 'ICB', 'BIDV', 'MB', 'ACB', 'VPB', 'TPB', 'STB', 'VBA'];
const CATEGORIES = [['phishing'], ['scam'], ['scam', 'impersonation'], ['malware'], ['gambling']];

/** The indicators, and some of their values to ask about; the same in this process and the server's. */
function dataset(count: number) {
  const { random, int, pick, word, hex } = seeded(SEED);
  const digits = (n: number): string => Array.from({ length: n }, () => String(int(10))).join('');
  const path = (): string => Array.from({ length: 1 + int(3) }, word).join('/');
  const samples = { domains: [] as { host: string; wildcard: boolean }[], urls: [] as string[], phones: [] as string[], ips: [] as string[] };
  const counts: Partial<Record<TargetType, number>> = {};

  function valueOf(n: number): { type: TargetType; value: string } {
    const roll = random();
    const registrable = `${word()}${n.toString(36)}.${pick(SUFFIXES)}`;
    if (roll < 0.4) {
      const kind = random();
      // One in a hundred is a subdomain of a hosting service: one busy site with thousands of listings.
      if (kind < 0.01) return { type: 'domain', value: `${word()}${n.toString(36)}.weebly.com` };
      if (kind < 0.16) return { type: 'domain', value: `*.${registrable}` };
      if (kind < 0.36) return { type: 'domain', value: `${pick(SUBDOMAINS)}.${registrable}` };
      return { type: 'domain', value: registrable };
    }
    if (roll < 0.7) {
      const kind = random();
      if (kind < 0.01) return { type: 'url', value: `https://docs.google.com/forms/d/e/${word()}${n.toString(36)}/viewform` };
      const host = kind < 0.3 ? `www.${registrable}` : registrable;
      if (kind < 0.45) return { type: 'url', value: `https://${host}/${path()}/` };
      if (kind < 0.6) return { type: 'url', value: `http://${host}/${path()}?id=${n}` };
      return { type: 'url', value: `https://${host}/${path()}` };
    }
    if (roll < 0.8) {
      const kind = random();
      const v4 = `${11 + int(200)}.${int(256)}.${int(256)}`;
      if (kind < 0.6) return { type: 'ip', value: `${v4}.${1 + int(254)}` };
      if (kind < 0.75) return { type: 'ip', value: `${v4}.0/24` };
      if (kind < 0.8) return { type: 'ip', value: `${v4.slice(0, v4.lastIndexOf('.'))}.0.0/16` };
      if (kind < 0.9) return { type: 'ip', value: `2a0${1 + int(8)}:${hex()}:${hex()}:${hex()}::/64` };
      return { type: 'ip', value: `2a0${1 + int(8)}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}` };
    }
    if (roll < 0.92) return { type: 'phone', value: `+84${pick(MOBILE)}${digits(7)}` };
    return { type: 'bank_account', value: `${pick(BANKS)}:${digits(8 + int(7))}` };
  }

  function* indicators(): Generator<IndexedIndicator> {
    const now = Date.UTC(2026, 0, 1);
    for (let n = 0; n < count; n++) {
      const generated = valueOf(n);
      const type = generated.type;
      // A flat string, as the database driver hands a column over (a template literal is a rope).
      const value = Buffer.from(generated.value).toString();
      counts[type] = (counts[type] ?? 0) + 1;
      if (n % 4 === 0) {
        if (type === 'domain') samples.domains.push({ host: value.replace(/^\*\./, ''), wildcard: value.startsWith('*.') });
        if (type === 'url') samples.urls.push(value);
        if (type === 'phone') samples.phones.push(value);
        if (type === 'ip') samples.ips.push(value);
      }
      yield {
        id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
        type,
        value,
        verdict: pick(VERDICTS),
        categories: [...pick(CATEGORIES)],
        confidence: 50 + int(50),
        source: 'import',
        sourceRef: null,
        evidenceUrl: null,
        reportCount: int(20),
        firstSeen: now - int(90) * 86_400_000,
        lastVerified: now,
        expiresAt: null,
        impersonated: null,
        serial: n + 1,
      };
    }
  }

  return { indicators, samples, counts, random, word, int, pick, hex };
}

/** Queries (raw values) for each kind: listed values, values covered by a listing, values nobody listed. */
function queriesOf(data: ReturnType<typeof dataset>, size: number) {
  const { samples, random, word, int, pick, hex } = data;
  const miss = (): string => `${word()}q${int(1e9).toString(36)}.${pick(SUFFIXES)}`;
  const domains: string[] = [];
  const urls: string[] = [];
  const phones: string[] = [];
  const ips: string[] = [];
  // An address inside a listed range (or the listed address itself).
  const inside = (value: string): string => {
    if (value.endsWith('.0/24')) return `${value.slice(0, -5)}.${1 + int(254)}`;
    if (value.endsWith('.0.0/16')) return `${value.slice(0, -7)}.${int(256)}.${1 + int(254)}`;
    if (value.endsWith('::/64')) return `${value.slice(0, -3)}${hex()}`;
    return value;
  };
  for (let i = 0; i < size; i++) {
    const listed = pick(samples.domains);
    const roll = random();
    domains.push(roll < 0.4 ? listed.host : roll < 0.7 ? `${word()}.${listed.host}` : miss());
    const url = pick(samples.urls);
    const urlRoll = random();
    if (urlRoll < 0.3) urls.push(url);
    else if (urlRoll < 0.5) urls.push(url.endsWith('/') ? `${url}${word()}` : `${url}?utm=${word()}`);
    else if (urlRoll < 0.7) urls.push(`https://${listed.host}/${word()}`);
    else urls.push(`https://${miss()}/${word()}/${word()}`);
    phones.push(random() < 0.5 ? pick(samples.phones) : `+84${pick(MOBILE)}${String(int(1e7)).padStart(7, '0')}`);
    const ipRoll = random();
    if (ipRoll < 0.5) ips.push(inside(pick(samples.ips)));
    else if (ipRoll < 0.75) ips.push(`${11 + int(200)}.${int(256)}.${int(256)}.${1 + int(254)}`);
    else ips.push(`2a0${1 + int(8)}:${hex()}:${hex()}:${hex()}::${hex()}`);
  }
  return { domains, urls, phones, ips };
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

// Runs `work` (which returns how many operations it did) and says how fast: per wall-clock second,
// and per second of this process's CPU time, which a busy neighbour does not dilute.
function timed(work: () => number): { ops: number; seconds: number; text: string } {
  // Collect the garbage of whatever ran before, so no major GC of it overlaps the measurement.
  heapUsed();
  const wall = performance.now();
  const cpu = cpuSeconds();
  const ops = work();
  const seconds = (performance.now() - wall) / 1000;
  const cpuUsed = cpuSeconds() - cpu;
  return { ops, seconds, text: `${(ops / seconds).toFixed(0)}/s wall clock, ${(ops / cpuUsed).toFixed(0)}/s of CPU time` };
}

// Checks through `best` (the verdict), over pre-parsed targets, for at least three seconds.
function measure(index: LookupIndex<IndexedIndicator>, targets: readonly Target[]): { text: string; listed: string } {
  let listed = 0;
  const result = timed(() => {
    let checks = 0;
    const started = performance.now();
    do {
      for (const target of targets) if (index.best(target) !== undefined) listed++;
      checks += targets.length;
    } while (performance.now() - started < 3000);
    return checks;
  });
  return { text: result.text, listed: ((listed / result.ops) * 100).toFixed(0) };
}

async function inProcess(): Promise<ReturnType<typeof queriesOf>> {
  const data = dataset(indicatorCount);
  const before = heapUsed();
  // Generated first, so the build time is the index's alone; dropped before the heap is weighed.
  let generated: IndexedIndicator[] = [...data.indicators()];
  const index = new LookupIndex<IndexedIndicator>();
  const build = timed(() => {
    for (const indicator of generated) index.upsert(indicator);
    return index.size;
  });
  generated = [];
  const after = heapUsed();
  const mix = Object.entries(data.counts).map(([type, n]) => `${n} ${type}`).join(', ');
  console.log(`indicators: ${index.size} (${mix}), seed ${SEED}`);
  console.log(`build: ${index.size} upserts in ${build.seconds.toFixed(2)} s (${build.text})`);
  console.log(`heap: ${(after / 2 ** 20).toFixed(0)} MiB used after build, ≈ ${((after - before) / index.size).toFixed(0)} bytes per indicator (index and indicators with every field the check answers)`);

  // Generated values must be what parseTarget makes of them, or the figures would flatter a shortcut.
  const sample = [...index.values()].slice(0, 20_000).map(({ type, value }) => [type, value] as const);
  const raw = queriesOf(data, 200_000);
  for (const [type, value] of [...sample, ...raw.domains.slice(0, 2000).map((v) => ['domain', v] as const), ...raw.urls.slice(0, 2000).map((v) => ['url', v] as const)]) {
    const normal = parseTarget(value, type).value;
    if (normal !== value) throw new Error(`generated ${type} is not in normal form: ${value} → ${normal}`);
  }
  const parsed = (values: string[], type: TargetType) => values.map((value) => parseTarget(value, type));
  const domains = parsed(raw.domains, 'domain');
  // Each kind's queries parsed just before its run, so no run carries another's targets on the heap.
  const kinds = [['domain', () => domains], ['url', () => parsed(raw.urls, 'url')], ['phone', () => parsed(raw.phones, 'phone')], ['ip', () => parsed(raw.ips, 'ip')]] as const;
  // A warm-up round first: the first seconds after the build pay for compiling the lookup path
  // and for the collector sweeping the build's garbage (measured: about a third slower).
  measure(index, domains);
  for (const [label, targetsOf] of kinds) {
    const targets = targetsOf();
    const { text, listed } = measure(index, targets);
    console.log(`lookup ${label}: ${text} on one core (LookupIndex.best; ${targets.length} distinct pre-parsed targets, ${listed} % covered by a listing)`);
  }
  let matches = 0;
  const all = timed(() => {
    for (let round = 0; round < 10; round++) for (const target of domains) matches += index.lookup(target).length;
    return domains.length * 10;
  });
  console.log(`lookup domain, every match sorted (LookupIndex.lookup, as the check API uses it): ${all.text} (${matches} matches)`);
  const withParse = timed(() => {
    for (const value of raw.domains.slice(0, 100_000)) index.best(parseTarget(value));
    return 100_000;
  });
  console.log(`lookup domain including parseTarget (type detected), for information: ${withParse.text}`);
  return raw;
}

// The server side of the HTTP part: the real app with the same indicators in its live index.
// It answers the parent's `cpu` messages with its CPU time, so the parent can tell the server's
// cost per request apart from the load generator's and from other processes on the machine.
async function serve(): Promise<void> {
  const { createTestApp } = await import('../test/helpers/app.ts');
  const t = await createTestApp({ config: { checkRateLimitPerMinute: 1_000_000_000 } });
  for (const indicator of dataset(indicatorCount).indicators()) t.app.reputationIndex.index.upsert(indicator);
  heapUsed();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  process.on('message', () => process.send?.({ cpu: cpuSeconds(), user: process.cpuUsage().user / 1e6, lane: t.app.fastLane.answered }));
  process.send?.({ port: address.port });
  process.on('disconnect', () => void t.close().finally(() => process.exit(0)));
}

type Request = { method: 'GET'; path: string };
type Load = { served: number; perSecond: number; failed: number };

/** autocannon in this process. */
async function autocannonLoad(base: string, requests: Request[], connections: number, duration: number): Promise<Load> {
  const result = await autocannon({ url: base, connections, duration, requests });
  return { served: result.requests.total, perSecond: result.requests.average, failed: result.non2xx + result.errors + result.timeouts };
}

/** wrk with one thread, cycling through the requests' paths. */
async function wrkLoad(base: string, requests: Request[], connections: number, duration: number): Promise<Load> {
  const dir = mkdtempSync(join(tmpdir(), 'antoan-bench-'));
  try {
    const script = join(dir, 'paths.lua');
    const paths = requests.map((r) => JSON.stringify(r.path)).join(',\n');
    writeFileSync(script, `local paths = {\n${paths}\n}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`);
    const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '-s', script, base]);
    const number = (pattern: RegExp): number => Number(pattern.exec(stdout)?.[1] ?? 0);
    const served = number(/(\d+) requests in/);
    const seconds = number(/requests in ([\d.]+)s/);
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((sum, n) => sum + Number(n), 0) ?? 0;
    return { served, perSecond: served / seconds, failed: number(/Non-2xx or 3xx responses: (\d+)/) + errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? NaN) + upper) / 2;
};

async function http(raw: ReturnType<typeof queriesOf>): Promise<void> {
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  // PGlite in memory: the check never reads the database.
  const { DATABASE_URL: _unused, ...env } = process.env;
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--indicators', String(indicatorCount)], { execArgv: ['--import', 'tsx'], env });
  let waiting: ((error: Error) => void) | null = null;
  child.on('exit', (code) => waiting?.(new Error(`server exited with ${code}`)));
  const reply = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      waiting = reject;
      child.once('message', (message) => {
        waiting = null;
        resolve(message as T);
      });
    });
  const serverCpu = async (): Promise<{ cpu: number; user: number; lane: number }> => {
    const answer = reply<{ cpu: number; user: number; lane: number }>();
    child.send('cpu');
    return await answer;
  };
  try {
    const { port } = await reply<{ port: number }>();
    const base = `http://127.0.0.1:${port}`;
    // Listed and unlisted domains in turn (40 % listed hosts, 30 % hosts under a listed one, 30 % nobody listed).
    const checks: Request[] = raw.domains.slice(0, 1000).map((value) => ({ method: 'GET', path: `/api/v1/check?value=${encodeURIComponent(value)}` }));
    const bareRoute: Request[] = [{ method: 'GET', path: '/healthz' }];
    const run = async (requests: Request[], duration: number) => {
      const before = await serverCpu();
      const { served, perSecond, failed } = await (values.load === 'wrk' ? wrkLoad : autocannonLoad)(base, requests, connections, duration);
      const after = await serverCpu();
      return { served, laneAnswered: after.lane - before.lane, perSecond, cpuPerRequest: (after.cpu - before.cpu) / served, userPerRequest: (after.user - before.user) / served, failed };
    };
    await run(bareRoute, 3);
    await run(checks, 3);
    const turns: { bare: Awaited<ReturnType<typeof run>>; check: Awaited<ReturnType<typeof run>> }[] = [];
    // Alternate, so a noisy neighbour or a slow phase hurts both sides alike.
    for (let round = 0; round < rounds; round++) turns.push({ bare: await run(bareRoute, seconds), check: await run(checks, seconds) });
    const bare = turns.map((turn) => turn.bare);
    const check = turns.map((turn) => turn.check);
    const micros = (runs: typeof bare, field: 'cpuPerRequest' | 'userPerRequest') => (median(runs.map((r) => r[field])) * 1e6).toFixed(0);
    const describe = (runs: typeof bare) => `median ${median(runs.map((r) => r.perSecond)).toFixed(0)} req/s, server CPU ${micros(runs, 'cpuPerRequest')} µs per request (${micros(runs, 'userPerRequest')} µs in user space)`;
    const failed = [...bare, ...check].reduce((sum, r) => sum + r.failed, 0);
    console.log(`http server: the app in a child process; load from ${values.load === 'wrk' ? 'wrk' : 'autocannon in this process'}, ${connections} connections, ${rounds} rounds of ${seconds} s per route, taking turns`);
    console.log(`http /healthz (bare route): ${describe(bare)}`);
    const laneShare = check.reduce((sum, r) => sum + r.laneAnswered, 0) / check.reduce((sum, r) => sum + r.served, 0);
    console.log(`http /api/v1/check?value=<domain>: ${describe(check)} (1,000 domains in turn, listed and unlisted; ${(laneShare * 100).toFixed(0)} % answered by the fast lane)`);
    const ratios = turns.map((turn) => turn.check.perSecond / turn.bare.perSecond);
    console.log(`http bare route's server CPU per round, µs per request (the machine's phase): ${bare.map((r) => (r.cpuPerRequest * 1e6).toFixed(0)).join(', ')}`);
    console.log(`http ratio check / bare route by throughput, per round: ${ratios.map((x) => x.toFixed(2)).join(', ')}`);
    const byCpu = median(turns.map((turn) => turn.bare.cpuPerRequest / turn.check.cpuPerRequest));
    const byUser = median(turns.map((turn) => turn.bare.userPerRequest / turn.check.userPerRequest));
    console.log(`http ratio check / bare route: ${median(ratios).toFixed(2)} by throughput (median of ${rounds} rounds, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), ${byCpu.toFixed(2)} by server CPU per request, ${byUser.toFixed(2)} by its user-space part${failed > 0 ? ` (${failed} failed requests)` : ''}`);
  } finally {
    if (child.connected) {
      child.disconnect();
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

if (values.serve) {
  await serve();
} else {
  console.log(machineLine());
  const raw = await inProcess();
  if (!values['no-http']) await http(raw);
}
