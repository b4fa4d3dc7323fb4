// Takedown requests at scale: 10,000 requests from the national authority to 50 recipient
// organisations (40 platforms, 10 telecoms), issued over the 56 hours before a fixed instant, a
// fifth answered and some acknowledged; then the overdue sweep at that instant (cold, then again,
// when it must find nothing), then the recipients' list API (GET /api/v1/takedowns/inbox, first
// pages and cursor pages, each organisation with its own bearer token) under load from autocannon
// in a child process against the app listening on 127.0.0.1.
// The data comes from a fixed seed; the database is a fresh in-memory PGlite, or a fresh database
// on the PostgreSQL server at DATABASE_URL (dropped afterwards).
// Usage: npm run bench:takedowns [-- --requests 10000 --orgs 50 --seconds 10 --connections 8]
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../src/core/db.ts';
import { authenticateToken, type Context } from '../src/modules/identity/index.ts';
import { acknowledgeRequests, answerRequest, issueTakedown, sweepTakedowns, type IssueInput, type Outcome, type RequestRow, type TakedownAction } from '../src/modules/takedowns/index.ts';
import { encodeCursor } from '../src/core/cursor.ts';
import { listRequests } from '../src/modules/takedowns/repository.ts';
import { takedownEvents } from '../src/modules/takedowns/tables.ts';
import { machineLine } from './machine.ts';
import { seeded } from './seeded.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    orgs: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    // Internal: this file run as the load generator (a child process, so the load does not share the server's event loop).
    'load-child': { type: 'boolean', default: false },
  },
});

/** One request of the load: a path and the bearer token it goes with. */
type Shot = { path: string; authorization: string };
type LoadJob = { url: string; shots: Shot[]; connections: number; duration: number };
type LoadResult = { total: number; duration: number; perSecond: number; p50: number; p90: number; p99: number; max: number; non2xx: number; errors: number; timeouts: number };

async function loadChild(): Promise<void> {
  process.on('message', (message) => {
    const job = message as LoadJob;
    let next = 0;
    void autocannon({
      url: job.url,
      connections: job.connections,
      duration: job.duration,
      // Every request takes the next path and token of the plan, across all connections.
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const shot = job.shots[next++ % job.shots.length] as Shot;
            return { ...request, path: shot.path, headers: { ...request.headers, authorization: shot.authorization } };
          },
        },
      ],
    }).then((result) => {
      const reply: LoadResult = {
        total: result.requests.total,
        duration: result.duration,
        perSecond: result.requests.total / result.duration,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      process.send?.(reply);
    });
  });
}

const SEED = 20260519;
/** The sweep instant: after the urgent rule (6 h, from 2026-08-19) came into force; 16:00 in Hà Nội. */
const NOW = new Date('2026-10-01T09:00:00.000Z');
/** Requests are issued over this many hours before NOW: with 24 h and 6 h deadlines, about 60 % are past due at NOW. */
const WINDOW_HOURS = 56;
const HOUR = 3_600_000;
const BATCH = 500;
const WARMUP_SECONDS = 2;
const SUFFIXES = ['com', 'vn', 'com.vn', 'net', 'online', 'xyz', 'top', 'info'];
const CATEGORIES = ['scam', 'scam', 'scam', 'phishing', 'phishing', 'impersonation', 'gambling', 'malware', 'illegal_content', 'fake_news'];
const LEGAL_BASES = ['Điểm a khoản 1 Điều 8 Luật An ninh mạng 2018', 'Khoản 3 Điều 8 Luật An ninh mạng 2018', 'Điều 101 Nghị định 15/2020/NĐ-CP', 'Khoản 1 Điều 23 Nghị định 147/2024/NĐ-CP'];
const STATEMENTS = [
  'Trang giả mạo ngân hàng, thu thập mã OTP và mật khẩu của người dùng; đã có nhiều phản ánh bị chiếm đoạt tiền.',
  'Tài khoản mạo danh cơ quan công an, gọi điện yêu cầu chuyển tiền để "xác minh".',
  'Quảng cáo sàn đầu tư tiền ảo cam kết lợi nhuận cao, dẫn tới trang lừa đảo.',
  'Nội dung tổ chức đánh bạc trực tuyến, có đường dẫn tới trang cá cược.',
  'Ứng dụng giả mạo dịch vụ công, chứa mã độc đánh cắp thông tin tài khoản.',
];

function p(n: number): string {
  return String(n).padStart(2, '0');
}

type Org = { id: string; kind: 'platform' | 'telecom'; slug: string; host: string; authorization: string; ctx: (now: Date) => Context };

async function main(): Promise<void> {
  const requestCount = Number(values.requests);
  const orgCount = Number(values.orgs);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const telecomCount = Math.max(1, Math.round(orgCount / 5));
  const platformCount = orgCount - telecomCount;
  const { random, int, pick, word } = seeded(SEED);

  console.log(machineLine());
  const loadAtStart = loadavg()[0] ?? 0;
  const { createTestApp } = await import('../test/helpers/app.ts');
  const setupStarted = performance.now();
  // Organisations and tokens exist a month before the requests.
  const t = await createTestApp({ start: new Date(NOW.getTime() - 30 * 24 * HOUR) });
  const engine = t.database.engine === 'postgres' ? `PostgreSQL (a fresh database on ${redacted(process.env.DATABASE_URL ?? '')})` : 'PGlite (in memory)';
  console.log(`engine: ${engine}; seed ${SEED}; ${requestCount} requests to ${orgCount} organisations (${platformCount} platforms, ${telecomCount} telecoms)`);
  let child: ReturnType<typeof fork> | null = null;
  try {
    const authority = await t.org({ kind: 'authority', scope: 'national', slug: 'cuc-attt', name: 'Cục An toàn thông tin' });
    const authorityToken = await t.token(authority.id, ['takedowns:read', 'takedowns:write']);
    const authorityActor = await authenticateToken(t.database.db, bearer(authorityToken.authorization), t.clock.now());
    const asAuthority = (now: Date): Context => ({ actor: authorityActor, requestId: null, now });

    const orgs: Org[] = [];
    for (let i = 1; i <= orgCount; i++) {
      const kind = i <= platformCount ? 'platform' : 'telecom';
      const n = kind === 'platform' ? i : i - platformCount;
      const slug = `${kind}-${p(n)}`;
      const org = await t.org({ kind, slug, name: `${kind === 'platform' ? 'Nền tảng' : 'Nhà mạng'} ${p(n)}` });
      const { authorization } = await t.token(org.id, ['takedowns:read', 'takedowns:write']);
      const actor = await authenticateToken(t.database.db, bearer(authorization), t.clock.now());
      orgs.push({ id: org.id, kind, slug, host: `${kind}${p(n)}.vn`, authorization, ctx: (now) => ({ actor, requestId: null, now }) });
    }
    const platforms = orgs.filter((o) => o.kind === 'platform');
    const telecoms = orgs.filter((o) => o.kind === 'telecom');

    // The requests: seven in ten to platforms (content, accounts), three to telecoms (blocking);
    // a few large platforms get most (random()² picks low ranks more often), as in life.
    const skewed = <T>(items: readonly T[]): T => items[Math.floor(random() ** 2 * items.length)] as T;
    const planned: { at: Date; org: Org; input: IssueInput }[] = [];
    for (let n = 0; n < requestCount; n++) {
      const toTelecom = random() < 0.3;
      const org = skewed(toTelecom ? telecoms : platforms);
      const urgent = random() < 0.15;
      const action: TakedownAction = toTelecom ? (random() < 0.75 ? 'block_domain' : 'block_ip') : random() < 0.7 ? 'remove_content' : 'suspend_account';
      const targets = Array.from({ length: 1 + (random() < 0.3 ? int(3) : 0) }, () => targetFor(action, org, n));
      planned.push({
        at: new Date(NOW.getTime() - Math.floor(random() * WINDOW_HOURS * HOUR)),
        org,
        input: {
          recipientOrgId: org.id,
          action,
          targets,
          category: pick(CATEGORIES),
          legalBasis: pick(LEGAL_BASES),
          statement: pick(STATEMENTS),
          urgent,
          evidenceLinks: random() < 0.5 ? [`https://antoan.gov.vn/ho-so/${n.toString(36)}`] : [],
        },
      });
    }
    planned.sort((a, b) => a.at.getTime() - b.at.getTime());
    function targetFor(action: TakedownAction, org: Org, n: number): { type: string; value: string } {
      if (action === 'remove_content') return { type: 'url', value: `https://${org.host}/posts/${word()}${n.toString(36)}` };
      if (action === 'suspend_account') return { type: 'url', value: `https://${org.host}/${word()}.${word()}` };
      if (action === 'block_domain') return { type: 'domain', value: `${word()}${n.toString(36)}.${pick(SUFFIXES)}` };
      return { type: 'ip', value: `${11 + int(200)}.${int(256)}.${int(256)}.${1 + int(254)}` };
    }

    // Issue, in issue order, BATCH requests per transaction.
    const rows: { row: RequestRow; org: Org }[] = [];
    const issueStarted = performance.now();
    for (let start = 0; start < planned.length; start += BATCH) {
      const batch = planned.slice(start, start + BATCH);
      const issued = await t.database.transaction(async (tx) => {
        const out: RequestRow[] = [];
        for (const { at, input } of batch) out.push(await issueTakedown(tx.db, asAuthority(at), input, t.notifier));
        return out;
      });
      issued.forEach((row, i) => rows.push({ row, org: (batch[i] as (typeof planned)[number]).org }));
    }
    const issueSeconds = (performance.now() - issueStarted) / 1000;
    const urgentCount = rows.filter((r) => r.row.urgent).length;
    console.log(`issue: ${rows.length} requests in ${issueSeconds.toFixed(2)} s = ${(rows.length / issueSeconds).toFixed(0)} requests/s (issueTakedown, ${BATCH} per transaction; ${urgentCount} urgent; issued over the ${WINDOW_HOURS} h before ${NOW.toISOString()})`);

    // A fifth answered before NOW (on time mostly, some late), then some of the rest acknowledged.
    const answers: { at: Date; row: RequestRow; org: Org; outcome: Outcome }[] = [];
    const acknowledgements: { at: Date; row: RequestRow; org: Org }[] = [];
    for (const { row, org } of rows) {
      const roll = random();
      const latest = Math.min(NOW.getTime(), row.issuedAt.getTime() + 1.25 * (row.dueAt.getTime() - row.issuedAt.getTime()));
      const at = new Date(row.issuedAt.getTime() + Math.floor(random() * (latest - row.issuedAt.getTime())));
      if (roll < 0.2) {
        const kind = random();
        answers.push({ at, row, org, outcome: kind < 0.75 ? 'actioned' : kind < 0.85 ? 'partially_actioned' : 'declined' });
      } else if (roll < 0.35) {
        acknowledgements.push({ at, row, org });
      }
    }
    answers.sort((a, b) => a.at.getTime() - b.at.getTime());
    acknowledgements.sort((a, b) => a.at.getTime() - b.at.getTime());
    const answerStarted = performance.now();
    for (let start = 0; start < answers.length; start += BATCH) {
      await t.database.transaction(async (tx) => {
        for (const { at, row, org, outcome } of answers.slice(start, start + BATCH)) {
          await answerRequest(tx.db, org.ctx(at), row.id, {
            outcome,
            note: outcome === 'declined' ? 'Nội dung không còn tồn tại trên hệ thống khi kiểm tra.' : 'Đã gỡ nội dung / khoá tài khoản theo yêu cầu.',
            proof: outcome === 'declined' ? undefined : `https://${org.host}/transparency/${row.number}`,
          });
        }
      });
    }
    const answerSeconds = (performance.now() - answerStarted) / 1000;
    for (let start = 0; start < acknowledgements.length; start += BATCH) {
      await t.database.transaction(async (tx) => {
        for (const { at, row, org } of acknowledgements.slice(start, start + BATCH)) await acknowledgeRequests(tx.db, org.ctx(at), [row.id]);
      });
    }
    console.log(`answer: ${answers.length} answered in ${answerSeconds.toFixed(2)} s = ${(answers.length / answerSeconds).toFixed(0)} answers/s (answerRequest with each recipient's token; actioned ones publish a statement); ${acknowledgements.length} more acknowledged`);

    const answered = new Set(answers.map((a) => a.row.id));
    const pastDue = rows.filter(({ row }) => row.dueAt <= NOW);
    const expectedOverdue = pastDue.filter(({ row }) => !answered.has(row.id)).length;
    await analyze(t.database.db);
    console.log(`setup: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s in all; at ${NOW.toISOString()} ${pastDue.length} requests (${pct(pastDue.length, rows.length)}) are past due, ${pastDue.length - expectedOverdue} of them answered already (the sweep must skip them)`);

    // The sweep, cold: everything past due is newly overdue.
    const sweepStarted = performance.now();
    const first = await sweepTakedowns(t.database, NOW, { notifier: t.notifier });
    const sweepSeconds = (performance.now() - sweepStarted) / 1000;
    console.log(
      `sweep: ${first.overdue} marked overdue, ${first.reminded} reminded in ${(sweepSeconds * 1000).toFixed(0)} ms = ${((first.overdue + first.reminded) / sweepSeconds).toFixed(0)} requests/s (sweepTakedowns with escalation and reminder notifications queued; batches of 500, a transaction each)`,
    );
    if (first.overdue !== expectedOverdue) throw new Error(`the sweep marked ${first.overdue} overdue, expected ${expectedOverdue}`);
    const againStarted = performance.now();
    const second = await sweepTakedowns(t.database, NOW, { notifier: t.notifier });
    const againMs = performance.now() - againStarted;
    console.log(`sweep again: ${second.overdue} marked overdue, ${second.reminded} reminded in ${againMs.toFixed(1)} ms${second.overdue === 0 && second.reminded === 0 ? '' : ' (expected 0 and 0)'}`);

    // The list API. The recipients read at NOW; each plan entry is a first page or a cursor page
    // (pages 2–4 where they exist), computed from the table so no page is read before the load:
    // the first reads deliver (a write per page), as in life.
    t.clock.set(NOW);
    const shots: Shot[] = [];
    for (const org of orgs) {
      shots.push({ path: '/api/v1/takedowns/inbox?limit=50', authorization: org.authorization });
      shots.push({ path: '/api/v1/takedowns/inbox?limit=50', authorization: org.authorization });
      let cursor: { at: Date; id: string } | null = null;
      for (let page = 2; page <= 4; page++) {
        const listed = await listRequests(t.database.db, { recipientOrgId: org.id }, cursor, 50);
        const last = listed[49];
        if (listed.length <= 50 || last === undefined) break;
        cursor = { at: last.issuedAt, id: last.id };
        shots.push({ path: `/api/v1/takedowns/inbox?limit=50&cursor=${encodeCursor(cursor)}`, authorization: org.authorization });
      }
    }
    // Spread the plan so consecutive requests rarely hit the same organisation.
    for (let i = shots.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [shots[i], shots[j]] = [shots[j] as Shot, shots[i] as Shot];
    }
    const perOrg = orgs.map((o) => rows.filter((r) => r.org === o).length).sort((a, b) => a - b);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const url = `http://127.0.0.1:${address.port}`;
    const loader = fork(fileURLToPath(import.meta.url), ['--load-child'], { execArgv: ['--import', 'tsx'] });
    child = loader;
    const load = (job: LoadJob): Promise<LoadResult> =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
        loader.once('exit', onExit);
        loader.once('message', (message) => {
          loader.off('exit', onExit);
          resolve(message as LoadResult);
        });
        loader.send(job);
      });
    const delivered = () => deliveredCount(t.database.db);
    const deliveredBefore = await delivered();
    // Warm up (JIT, connection pool) on the same route, filtered to requests already acknowledged so that it delivers nothing.
    const warmup = await load({ url, shots: orgs.map((o) => ({ path: '/api/v1/takedowns/inbox?limit=50&status=acknowledged', authorization: o.authorization })), connections, duration: WARMUP_SECONDS });
    if ((await delivered()) !== deliveredBefore || warmup.non2xx + warmup.errors > 0) throw new Error('the warm-up delivered requests or failed');
    (globalThis as { gc?: () => void }).gc?.();
    const result = await load({ url, shots, connections, duration: seconds });
    const deliveredDuring = (await delivered()) - deliveredBefore;
    const failed = result.non2xx + result.errors + result.timeouts;
    console.log(
      `list GET /api/v1/takedowns/inbox?limit=50: ${result.perSecond.toFixed(0)} req/s over ${result.duration.toFixed(1)} s (${result.total} requests), latency p50 ${result.p50} ms, p90 ${result.p90} ms, p99 ${result.p99} ms, max ${result.max} ms; non-2xx ${result.non2xx}, errors ${result.errors + result.timeouts}`,
    );
    console.log(
      `  ${connections} connections, autocannon in a child process, after a ${WARMUP_SECONDS} s warm-up; ${shots.length} paths in turn (first page twice as often as each of pages 2–4, ${orgCount} bearer tokens); ${perOrg[0]}–${perOrg.at(-1)} requests per organisation (median ${perOrg[Math.floor(perOrg.length / 2)]}); the first reads delivered ${deliveredDuring} requests`,
    );
    if (failed > 0) process.exitCode = 1;
    // The figures hold only for a machine that ran nothing else meanwhile; the load average says whether it did.
    console.log(`load average (1 min): ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (its own processes, server, database and load generator, account for up to about 2)`);
  } finally {
    if (child?.connected === true) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.disconnect();
      await exited;
    }
    await t.close();
  }
}

function bearer(authorization: string): string {
  return authorization.replace(/^Bearer\s+/, '');
}

function pct(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(0)} %`;
}

function redacted(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'DATABASE_URL';
  }
}

/** How many requests were delivered so far (a history line each). */
async function deliveredCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(takedownEvents).where(eq(takedownEvents.kind, 'delivered'));
  return row?.n ?? 0;
}

/** Fresh planner statistics, as autovacuum would gather after this many inserts. */
async function analyze(db: Db): Promise<void> {
  await db.execute(sql`analyze takedown_requests`);
  await db.execute(sql`analyze takedown_events`);
}

if (values['load-child']) await loadChild();
else await main();
