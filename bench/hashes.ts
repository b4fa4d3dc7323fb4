// The hash index behind the privacy-preserving lookups: how long building it for 1,000,000
// indicators takes (hashing included), what a change costs once it is built, how long the
// downloadable prefix list takes after a change, and prefix lookups per second.
// Usage: npx node --expose-gc --import tsx bench/hashes.ts [-- <indicators> <changes>]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { hashOf, publishedAs } from '../src/modules/reputation/hashes/expressions.ts';
import { HashIndex, type Publishable } from '../src/modules/reputation/hashes/hash-index.ts';
import { machineLine } from './machine.ts';
import { seeded } from './seeded.ts';

const indicatorCount = Number(process.argv[2] ?? 1_000_000);
const changeCount = Number(process.argv[3] ?? 20_000);
const LOOKUPS = 1_000_000;
const SUFFIXES = ['com', 'vn', 'com.vn', 'net', 'org', 'xyz', 'online'];
const { random, int, pick, word } = seeded(20260504);

// A mix like the lookup benchmark's: 60 % domains (a quarter of them wildcards), 25 % URLs, 10 % IPs and ranges, 5 % phones.
function indicator(n: number): Publishable {
  const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const registrable = `${word()}${n.toString(36)}.${pick(SUFFIXES)}`;
  const roll = random();
  if (roll < 0.45) return { id, type: 'domain', value: random() < 0.3 ? `www.${registrable}` : registrable };
  if (roll < 0.6) return { id, type: 'domain', value: `*.${registrable}` };
  if (roll < 0.85) return { id, type: 'url', value: `https://${registrable}/${word()}/${random() < 0.5 ? `${word()}?id=${n}` : ''}` };
  if (roll < 0.95) return { id, type: 'ip', value: random() < 0.7 ? `${11 + int(200)}.${int(256)}.${int(256)}.${1 + int(254)}` : `${11 + int(200)}.${int(256)}.${int(256)}.0/24` };
  return { id, type: 'phone', value: `+849${String(n).padStart(8, '0')}` };
}

const heap = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
// CPU time of this process (user + system), in ms: on a shared machine wall time mostly measures the neighbours.
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

console.log(machineLine());
console.log(`load: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${os.cpus().length} cores`);
const items = Array.from({ length: indicatorCount }, (_, n) => indicator(n));

const heapBefore = heap();
const index = new HashIndex();
// As the server builds it: in steps of 2,000 indicators, the event loop free between steps.
const steps: number[] = [];
let stepStarted = cpu();
const pause = async (): Promise<void> => {
  steps.push(cpu() - stepStarted);
  await new Promise((resolve) => setImmediate(resolve));
  stepStarted = cpu();
};
let wall = performance.now();
let started = cpu();
await index.loadInSteps(items, 2000, pause, () => false);
const coldMs = cpu() - started;
steps.sort((a, b) => a - b);
const p99 = steps[Math.floor(steps.length * 0.99)] ?? 0;
console.log(`build:        ${indicatorCount.toLocaleString('en')} indicators → ${index.size.toLocaleString('en')} hashes: ${coldMs.toFixed(0)} ms CPU (${(performance.now() - wall).toFixed(0)} ms wall), ${Math.round(indicatorCount / (coldMs / 1000)).toLocaleString('en')}/s; ${steps.length} steps, p99 ${p99.toFixed(1)} ms, longest ${(steps.at(-1) ?? 0).toFixed(1)} ms CPU; heap +${mib(heap() - heapBefore)}`);

started = cpu();
for (let n = 0; n < 100_000; n++) {
  const item = items[n];
  if (item !== undefined) hashOf(publishedAs(item).expression);
}
console.log(`  of which:   expressions + SHA-256 ≈ ${(((cpu() - started) / 100_000) * indicatorCount).toFixed(0)} ms CPU for all (measured on 100,000)`);

started = cpu();
const first = index.prefixes(4);
console.log(`prefix list:  ${first.count.toLocaleString('en')} 4-byte prefixes (${mib(first.bytes.length)} raw, ${mib(first.base64.length)} base64) in ${(cpu() - started).toFixed(0)} ms CPU (with checksum and base64)`);

// Changes once built: new listings, verdict changes (same expression) and revocations.
started = cpu();
for (let i = 0; i < changeCount; i++) {
  const roll = random();
  if (roll < 0.5) index.upsert(indicator(indicatorCount + i));
  else if (roll < 0.75) index.upsert(items[int(indicatorCount)] ?? indicator(0));
  else index.remove(items[int(indicatorCount)]?.id ?? '');
}
const changeMs = cpu() - started;
console.log(`changes:      ${changeCount.toLocaleString('en')} upserts/removals: ${changeMs.toFixed(0)} ms CPU, ${((changeMs * 1000) / changeCount).toFixed(1)} µs each (a rebuild per change would cost ${coldMs.toFixed(0)} ms)`);

started = cpu();
const after = index.prefixes(4);
console.log(`prefix list after changes: ${after.count.toLocaleString('en')} prefixes in ${(cpu() - started).toFixed(0)} ms CPU (once per serial and size, then cached)`);

const probes = Array.from({ length: 10_000 }, () => hashOf(publishedAs(items[int(indicatorCount)] ?? indicator(0)).expression).slice(0, 4));
started = cpu();
wall = performance.now();
let found = 0;
for (let i = 0; i < LOOKUPS; i++) found += index.matching(probes[i % probes.length] ?? '').length;
const lookupMs = cpu() - started;
console.log(`lookups:      ${LOOKUPS.toLocaleString('en')} by 4-byte prefix: ${lookupMs.toFixed(0)} ms CPU (${(performance.now() - wall).toFixed(0)} ms wall), ${Math.round(LOOKUPS / (lookupMs / 1000)).toLocaleString('en')}/s, ${(found / LOOKUPS).toFixed(2)} hashes each`);
