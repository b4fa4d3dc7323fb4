// Report intake over HTTP: a real `antoan serve` child process, autocannon beside it
// on the same machine, JSON reports for 20 s. Each report names a new URL or, one
// time in three, one of 1,000 "hot" phone numbers, so grouping into existing cases
// is exercised as well as case creation.
// Usage: npm run bench:intake [-- --engines pglite,postgres --seconds 20 --connections 32]
// PostgreSQL: a fresh database on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
// BENCH_ROLES=web runs the server without the worker role (intake alone, no grouping beside it).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { startServer } from '../test/helpers/process.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'pglite,postgres' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const CATEGORIES = ['scam', 'phishing', 'impersonation', 'gambling', 'malware'];
const WORDS = 'ngân hàng mã OTP chuyển tiền trúng thưởng tài khoản bị khoá đường link giả mạo nhân viên hỗ trợ vay nhanh lãi suất thấp đầu tư tiền ảo sàn giao dịch đơn hàng shipper'.split(' ');

/** A description: mostly different texts, as real reports are, with the occasional repeat of a known scam script. */
function description(n: number): string {
  const words = Array.from({ length: 24 }, (_, i) => WORDS[(n * 7 + i * (n % 11 + 3)) % WORDS.length]);
  return `Phản ánh số ${n}: ${words.join(' ')} ${Math.random().toString(36).repeat(6)}.`;
}
let sequence = 0;

/** The next report body: deterministic, varied, valid. */
function nextReport(): string {
  sequence += 1;
  const hot = sequence % 3 === 0;
  const target = hot ? { value: `09${String(10_000_000 + (sequence % 1000)).slice(-8)}` } : { value: `https://bench-${sequence}.example.com/dang-nhap?ref=${sequence}` };
  return JSON.stringify({
    category: CATEGORIES[sequence % CATEGORIES.length],
    targets: [target],
    description: description(sequence),
    province: sequence % 2 === 0 ? 'hue' : null,
  });
}

async function run(engine: 'pglite' | 'postgres'): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'antoan-bench-'));
  const database = engine === 'postgres' ? `antoan_bench_${randomBytes(4).toString('hex')}` : null;
  if (database !== null) await admin(`create database ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database ?? ''}`;
  const server = await startServer({
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    ANTOAN_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ANTOAN_SECRET: 'bench-secret-0123456789abcdef-0123456789',
    ANTOAN_ADMIN_EMAIL: 'admin@bench.antoan',
    ANTOAN_ADMIN_PASSWORD: 'bench-admin-password',
    // One load generator is one client: lift the per-client limits for the measurement.
    ANTOAN_REPORT_RATE_MAX: '1000000000',
    ANTOAN_REPORT_TARGET_RATE_MAX: '1000000000',
    ...(database !== null && { DATABASE_URL: url.toString() }),
    ...(process.env.BENCH_ROLES !== undefined && { ANTOAN_ROLES: process.env.BENCH_ROLES }),
    ...(process.env.BENCH_NODE_OPTIONS !== undefined && { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS }),
  });
  try {
    // Warm up (JIT, connection pool, first cases) before measuring.
    await autocannon({ url: `${server.url}/api/v1/reports`, method: 'POST', connections, duration: 3, headers: { 'content-type': 'application/json' }, setupClient: (client) => client.setBody(nextReport()), requests: [{ setupRequest: (r) => ({ ...r, body: nextReport() }) }] });
    const result = await autocannon({
      url: `${server.url}/api/v1/reports`,
      method: 'POST',
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (r) => ({ ...r, body: nextReport() }) }],
    });
    const created = result['2xx'];
    const failed = result.non2xx + result.errors + result.timeouts;
    console.log(
      `intake ${engine}: ${(created / result.duration).toFixed(0)} reports/s over ${result.duration.toFixed(1)} s (${created} created, ${failed} failed), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${connections} connections`,
    );
    if (failed > 0) console.log(`  ${server.stderr().split('\n').slice(-5).join('\n  ')}`);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    if (database !== null) await admin(`drop database if exists ${database} with (force)`);
  }
}

console.log(machineLine());
for (const engine of values.engines.split(',')) {
  if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`unknown engine ${engine}`);
  await run(engine);
}
