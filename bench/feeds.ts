// Feed streaming: 1,200,000 mixed indicators from a fixed seed in a LiveIndex — enough for an
// RPZ of just over 1,000,000 policy records, since phones, emails, URLs with paths and the
// listings that are not dangerous stay out of the zone — then each feed streamed through the
// same writers the routes use into a sink that drops the bytes. Prints entries, bytes,
// seconds, MB/s, and how much RSS and heap grew while streaming (flat memory: the growth must
// not scale with the feed). Bar (issue 4, BRIEF §8): an RPZ of 1,000,000 entries in ≤ 2 s.
// Usage: npm run bench:feeds [-- <indicators>]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pipeline, Writable, type Readable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import { fullCsv, fullJson } from '../src/modules/reputation/feeds/indicator-lists.ts';
import { nameListHeader, nameListLines } from '../src/modules/reputation/feeds/name-lists.ts';
import { rpzHeader, rpzRecords } from '../src/modules/reputation/feeds/rpz.ts';
import { chunked, textStream } from '../src/modules/reputation/feeds/stream.ts';
import { LiveIndex, type IndexedIndicator } from '../src/modules/reputation/live-index.ts';
import type { TargetType } from '../src/modules/targets/index.ts';
import { machineLine } from './machine.ts';
import { seeded } from './seeded.ts';

const count = Number(process.argv[2] ?? 1_200_000);
const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const SUFFIXES = ['com', 'vn', 'com.vn', 'net', 'org', 'info', 'xyz', 'online'];
const SUBDOMAINS = ['login', 'secure', 'www', 'm', 'account'];
const CATEGORIES = [['phishing'], ['scam'], ['scam', 'impersonation'], ['malware'], ['gambling']] as const;

const { random, int, pick, word, hex } = seeded(20260601);

// The mix of a national list: mostly domains (15 % of them wildcards), URLs (a fifth of them
// whole sites), public IPv4 and IPv6 addresses and ranges, phones and emails; 88 % dangerous.
function valueOf(n: number): { type: TargetType; value: string } {
  const roll = random();
  const registrable = `${word()}${n.toString(36)}.${pick(SUFFIXES)}`;
  if (roll < 0.75) {
    const kind = random();
    if (kind < 0.15) return { type: 'domain', value: `*.${registrable}` };
    if (kind < 0.35) return { type: 'domain', value: `${pick(SUBDOMAINS)}.${registrable}` };
    return { type: 'domain', value: registrable };
  }
  if (roll < 0.85) {
    const kind = random();
    if (kind < 0.2) return { type: 'url', value: `${kind < 0.1 ? 'http' : 'https'}://${registrable}/` };
    return { type: 'url', value: `https://${registrable}/${word()}/${word()}.html` };
  }
  if (roll < 0.93) {
    const kind = random();
    const v4 = `${11 + int(89)}.${int(256)}.${int(256)}`;
    if (kind < 0.6) return { type: 'ip', value: `${v4}.${1 + int(254)}` };
    if (kind < 0.8) return { type: 'ip', value: `${v4}.0/24` };
    if (kind < 0.9) return { type: 'ip', value: `2a0${1 + int(8)}:${hex()}:${hex()}:${hex()}::/64` };
    return { type: 'ip', value: `2a0${1 + int(8)}:${hex()}:${hex()}::${hex()}` };
  }
  if (roll < 0.97) return { type: 'phone', value: `+849${String(int(1e8)).padStart(8, '0')}` };
  return { type: 'email', value: `${word()}${n.toString(36)}@${registrable}` };
}

function verdict(): IndexedIndicator['verdict'] {
  const roll = random();
  return roll < 0.88 ? 'dangerous' : roll < 0.96 ? 'suspicious' : 'trusted';
}

// Strings read from the database are flat; the concatenations above are ropes, which the first
// character access would flatten (and allocate) inside the timed streaming. Flatten them here.
const flat = (text: string): string => Buffer.from(text, 'latin1').toString('latin1');

function build(): LiveIndex {
  const live = new LiveIndex();
  for (let n = 0; n < count; n++) {
    const { type, value } = valueOf(n);
    const v = verdict();
    live.index.upsert({
      id: flat(`00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`),
      type,
      value: flat(value),
      verdict: v,
      categories: [...pick(CATEGORIES)],
      confidence: 50 + int(50),
      source: 'import',
      sourceRef: null,
      evidenceUrl: random() < 0.2 ? flat(`https://evidence.example.vn/${n.toString(36)}`) : null,
      reportCount: int(20),
      firstSeen: NOW - int(90) * DAY,
      lastVerified: NOW - int(10) * DAY,
      expiresAt: v === 'trusted' ? null : NOW + (30 + int(150)) * DAY,
      impersonated: null,
      serial: n + 1,
    });
  }
  return live;
}

type Memory = { rss: number; heap: number };
const memory = (): Memory => {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
};
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** Stream a feed into a sink that drops it; bytes, seconds, entries (from the lines or the trailer), and peak memory growth. */
const trailer = (pattern: RegExp) => (_lines: number, tail: string): number => Number(pattern.exec(tail)?.[1] ?? NaN);
async function measure(name: string, stream: () => Readable, entriesOf: (lines: number, tail: string) => number): Promise<{ entries: number; seconds: number; growth: number }> {
  globalThis.gc?.();
  const base = memory();
  let peak: Memory = { ...base };
  let bytes = 0;
  let chunks = 0;
  let lines = 0;
  let tail = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (++chunks % 16 === 0) {
        const now = memory();
        peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) };
      }
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      tail = (tail + chunk.subarray(Math.max(0, chunk.length - 200)).toString('latin1')).slice(-200);
      done();
    },
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await new Promise<void>((resolve, reject) => pipeline(stream(), sink, (error) => (error ? reject(error) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const entries = entriesOf(lines, tail);
  console.log(
    `${name.padEnd(18)} ${entries.toLocaleString('en').padStart(9)} entries  ${mb(bytes).padStart(6)} MB  ${seconds.toFixed(2)} s (cpu ${cpuSeconds.toFixed(2)} s)  ` +
      `${(bytes / 2 ** 20 / seconds).toFixed(0).padStart(4)} MB/s  ${Math.round(entries / seconds).toLocaleString('en').padStart(9)} entries/s  ` +
      `growth while streaming: RSS +${mb(peak.rss - base.rss)} MB, heap +${mb(peak.heap - base.heap)} MB`,
  );
  return { entries, seconds, growth: peak.rss - base.rss };
}

globalThis.gc?.();
const before = memory();
const buildStarted = performance.now();
const live = build();
globalThis.gc?.();
const loaded = memory();
console.log(`feeds bench: ${count.toLocaleString('en')} indicators in a LiveIndex in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s (heap ${mb(loaded.heap - before.heap)} MB, RSS ${mb(loaded.rss)} MB)`);
const at = new Date(NOW);
const gzip = (source: Readable): Readable => pipeline(source, createGzip({ level: 4, flush: constants.Z_NO_FLUSH }), () => {});
const rpz = () => textStream(chunked((function* () {
  yield rpzHeader(count, at);
  yield* rpzRecords(live, NOW, null);
})()));

// Twice: the first round includes compiling the writers (a server's first download pays it once).
const zones: { entries: number; seconds: number; growth: number }[] = [];
for (const round of ['cold', 'warm']) {
  console.log(`-- ${round}`);
  const zone = await measure('rpz', rpz, trailer(/end of zone: (\d+) policy records/));
  zones.push(zone);
  await measure('hosts', () => textStream(chunked((function* () {
    yield nameListHeader('hosts', count, at, 'http://localhost:3000/feeds/hosts');
    yield* nameListLines('hosts', live, NOW);
  })())), trailer(/end of list: (\d+) entries/));
  await measure('indicators.csv', () => textStream(chunked(fullCsv(live.inForce(NOW)))), (lines) => lines - 1);
  await measure('indicators.json', () => textStream(chunked(fullJson(live.inForce(NOW), count, at))), trailer(/"count":(\d+)/));
  await measure('rpz, gzip level 4', () => gzip(rpz()), () => zone.entries);
  console.log('(gzip: the entries are those of the rpz line; bytes are compressed bytes)');
}
const slowest = zones.reduce((a, b) => (b.seconds > a.seconds ? b : a));
const met = slowest.entries >= 1_000_000 && slowest.seconds <= 2;
console.log(
  `bar: an RPZ of ≥ 1,000,000 entries in ≤ 2 s — slowest round ${slowest.entries.toLocaleString('en')} entries in ${slowest.seconds.toFixed(2)} s: ${met ? 'met' : 'NOT met'}` +
    `; RSS growth while streaming at most ${mb(Math.max(...zones.map((z) => z.growth)))} MB`,
);
// Other work on the machine inflates wall time; CPU seconds are this process's own.
console.log(`${machineLine()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
