// The notification engine at scale: notifications queued in transactions of 1,000 (Notifier.queue,
// addresses sealed, aggregation windows looked up), then the dispatcher (deliverDue, as a worker
// runs it every second, here back to back until nothing is due) sending over real SMTP (the app's
// createMailer, a pool of 8 connections) to a local sink: an smtp-server SMTPServer on 127.0.0.1
// in a child process, counting messages without storing them.
// Two scenarios, each on a fresh database: (a) aggregated — 100,000 notifications to 1,000
// recipients, 100 each under one aggregate key, so each recipient gets one digest (1,000 messages);
// (b) not aggregated — 10,000 notifications to 1,000 recipients, a message each (the rate limit
// lifted). At the end every row must be delivered and the sink must have counted every message,
// or the process exits non-zero.
// The data comes from a fixed seed; the database is a fresh in-memory PGlite, or a fresh database
// on the PostgreSQL server at DATABASE_URL (dropped afterwards).
// Usage: npm run bench:notify [-- --recipients 1000 --aggregated 100 --single 10]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import { Type } from 'typebox';
import { systemClock } from '../src/core/clock.ts';
import { SecretBox } from '../src/core/crypto.ts';
import type { Database } from '../src/core/db.ts';
import { createMailer } from '../src/core/mail.ts';
// The engine's own files rather than the alerts index: the bench needs none of the module's routes.
import { deliverDue } from '../src/modules/alerts/engine/dispatch.ts';
import { defineTemplate, type NotificationSpec } from '../src/modules/alerts/engine/model.ts';
import { Notifier } from '../src/modules/alerts/engine/notifier.ts';
import { createSmsSender } from '../src/modules/alerts/engine/sms.ts';
import { TemplateRegistry } from '../src/modules/alerts/engine/templates.ts';
import { createTestDatabase } from '../test/helpers/database.ts';
import { machineLine } from './machine.ts';
import { seeded } from './seeded.ts';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '1000' },
    /** Notifications per recipient in the aggregated scenario. */
    aggregated: { type: 'string', default: '100' },
    /** Notifications per recipient in the scenario without aggregation. */
    single: { type: 'string', default: '10' },
    /** Keep smtp-server's 100 ms pause before its greeting (its early-talker check, as anti-spam relays have). */
    'greet-pause': { type: 'boolean', default: false },
    // Internal: this file run as the SMTP sink (a child process, so the sink does not share the dispatcher's event loop).
    sink: { type: 'boolean', default: false },
  },
});

const SEED = 20260906;
const QUEUE_BATCH = 1000;
const SAMPLE_MS = 50;
const silent = pino({ level: 'silent' });

/** The sink: accepts every message, counts it, keeps nothing; answers `count` over IPC. */
async function sinkChild(): Promise<void> {
  if (!values['greet-pause']) {
    // smtp-server waits 100 ms before its 220 greeting on every connection; the sink greets at once,
    // so the figures are the engine's (and the mailer's connection per message), not that pause.
    const connection = SMTPConnection.prototype as unknown as { init(): void; _setListeners(ready: () => void): void; connectionReady(): void };
    connection.init = function init(this: typeof connection) {
      this._setListeners(() => this.connectionReady());
    };
  }
  let messages = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS of 127.0.0.1 per connection: the sink must cost as little as it can.
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        messages += 1;
        callback(null);
      });
      stream.resume();
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('sink: no TCP port');
  process.on('message', () => process.send?.({ messages }));
  process.on('disconnect', () => server.close(() => process.exit(0)));
  process.send?.({ port: address.port });
}

type SinkReply = { port?: number; messages?: number };

function ask(child: ChildProcess, message: string): Promise<SinkReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the SMTP sink exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (reply) => {
      child.off('exit', onExit);
      resolve(reply as SinkReply);
    });
    if (message !== '') child.send(message);
  });
}

const TITLES = [
  'Tin nhắn giả mạo ngân hàng yêu cầu cập nhật sinh trắc học',
  'Cuộc gọi mạo danh công an yêu cầu chuyển tiền “xác minh”',
  'Sàn đầu tư tiền ảo cam kết lợi nhuận cao',
  'Trang web giả mạo dịch vụ công thu thập mật khẩu',
  'Ứng dụng cho vay nhanh chứa mã độc',
];

const Alert = Type.Object({ n: Type.Integer(), caseNumber: Type.Integer(), title: Type.String() });
const line = (d: { n: number; caseNumber: number; title: string }) => `• Vụ việc VV-${String(d.caseNumber).padStart(6, '0')} (#${d.n}): ${d.title}`;
const render = (d: { n: number; caseNumber: number; title: string }) => ({
  subject: `[antoan] Cảnh báo mới: ${d.title}`,
  text: `${line(d)}\nXem chi tiết: https://antoan.example.vn/canh-bao/${d.n}\n\nBạn nhận thư này vì đã đăng ký nhận cảnh báo.`,
  unsubscribeUrl: `https://antoan.example.vn/huy-dang-ky/${d.n}`,
});

/** One template with aggregation (a digest per recipient), one without. */
const templates = new TemplateRegistry([
  defineTemplate({
    key: 'bench.digest',
    description: { vi: 'Cảnh báo gộp', en: 'Aggregated alert' },
    channels: ['email'],
    data: Alert,
    sample: { n: 1, caseNumber: 1, title: 'Mẫu' },
    aggregation: { gatherSeconds: 0, windowSeconds: 3600 },
    render: (_ctx, d) => render(d),
    renderDigest: (_ctx, items) => ({ subject: `[antoan] ${items.length} cảnh báo mới`, text: `${items.map(line).join('\n')}\n\nBạn nhận thư này vì đã đăng ký nhận cảnh báo.`, unsubscribeUrl: 'https://antoan.example.vn/huy-dang-ky' }),
  }),
  defineTemplate({ key: 'bench.single', description: { vi: 'Cảnh báo', en: 'Alert' }, channels: ['email'], data: Alert, sample: { n: 1, caseNumber: 1, title: 'Mẫu' }, render: (_ctx, d) => render(d) }),
]);

type Scenario = { name: string; template: 'bench.digest' | 'bench.single'; recipients: number; perRecipient: number; expectedMessages: number };

/** Peak RSS and heap, sampled every 50 ms from a collected start. */
function memorySampler() {
  (globalThis as { gc?: () => void }).gc?.();
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heap = Math.max(peak.heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A number the database counts (`select … as n`). */
async function scalar(database: Database, query: string): Promise<number> {
  const { rows } = await database.sql.executeSql(query, []);
  return Number((rows[0] as { n?: number } | undefined)?.n ?? 0);
}

async function runScenario(scenario: Scenario, sinkPort: number, sink: ChildProcess): Promise<boolean> {
  const { database, drop } = await createTestDatabase();
  const dropDir = await mkdtemp(path.join(tmpdir(), 'antoan-bench-notify-'));
  const box = new SecretBox('bench-secret-0123456789abcdef-0123456789');
  const notifier = new Notifier(box, templates);
  const mailer = createMailer({ url: `smtp://127.0.0.1:${sinkPort}?ignoreTLS=true`, from: 'An toàn <khong-tra-loi@antoan.example.vn>' }, { dropDir, logger: silent });
  const sms = createSmsSender({ gatewayUrl: null, token: null }, { dropDir, logger: silent });
  const deps = { database, box, clock: systemClock, mailer, sms, templates, config: { publicUrl: 'https://antoan.example.vn', outboundAllowPrivate: false, notifyPerRecipientPerHour: 1_000_000 }, log: silent };
  try {
    // The plan: every recipient's notifications, shuffled (a seeded shuffle), as events arrive in life.
    const { random, int, pick } = seeded(SEED);
    const plan: NotificationSpec[] = [];
    for (let r = 0; r < scenario.recipients; r++) {
      const address = `nguoi-nhan-${String(r).padStart(4, '0')}@bench.example.vn`;
      for (let k = 0; k < scenario.perRecipient; k++) {
        const n = plan.length + 1;
        plan.push({
          recipient: { channel: 'email', address },
          template: scenario.template,
          locale: random() < 0.8 ? 'vi' : 'en',
          data: { n, caseNumber: 1 + int(999_999), title: pick(TITLES) },
          dedupeKey: `bench:${scenario.template}:${n}`,
          ...(scenario.template === 'bench.digest' && { aggregateKey: 'advisories' }),
        });
      }
    }
    for (let i = plan.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [plan[i], plan[j]] = [plan[j] as NotificationSpec, plan[i] as NotificationSpec];
    }
    const sinkBefore = (await ask(sink, 'count')).messages ?? 0;

    const memory = memorySampler();
    const started = performance.now();
    let queued = 0;
    for (let start = 0; start < plan.length; start += QUEUE_BATCH) {
      const batch = plan.slice(start, start + QUEUE_BATCH);
      queued += await database.transaction((tx) => notifier.queue(tx.db, batch, systemClock.now()));
    }
    const queueSeconds = (performance.now() - started) / 1000;
    // Planner statistics, as autovacuum gathers them after this many inserts.
    await database.sql.executeSql('analyze notifications', []);

    const deliveryStarted = performance.now();
    let runs = 0;
    let sends = 0;
    for (let attempted = await deliverDue(deps); attempted > 0; attempted = await deliverDue(deps)) {
      runs += 1;
      sends += attempted;
    }
    const deliverySeconds = (performance.now() - deliveryStarted) / 1000;
    const wallSeconds = (performance.now() - started) / 1000;
    const peak = memory.stop();

    const delivered = await scalar(database, `select count(*)::int as n from notifications where status = 'delivered'`);
    const messages = await scalar(database, `select count(distinct message_id)::int as n from notifications where status = 'delivered'`);
    const left = await scalar(database, `select count(*)::int as n from notifications where status <> 'delivered'`);
    const arrived = ((await ask(sink, 'count')).messages ?? 0) - sinkBefore;

    console.log(`${scenario.name}: ${plan.length} notifications to ${scenario.recipients} recipients (${scenario.perRecipient} each), template ${scenario.template}`);
    console.log(`  queue: ${queued} in ${queueSeconds.toFixed(2)} s = ${(queued / queueSeconds).toFixed(0)} notifications/s (Notifier.queue, ${QUEUE_BATCH} per transaction)`);
    console.log(
      `  deliver: ${delivered} notifications as ${messages} messages in ${deliverySeconds.toFixed(2)} s = ${(delivered / deliverySeconds).toFixed(0)} notifications/s, ${(messages / deliverySeconds).toFixed(1)} messages/s (${runs} deliverDue runs, ${sends} sends; SMTP, a pool of 8 connections)`,
    );
    console.log(`  SMTP sink: ${arrived} messages arrived (expected ${scenario.expectedMessages}); wall ${wallSeconds.toFixed(2)} s; peak RSS ${mib(peak.rss)}, peak heap ${mib(peak.heap)}`);
    const ok = delivered === plan.length && left === 0 && messages === scenario.expectedMessages && arrived === scenario.expectedMessages;
    if (!ok) console.log(`  FAILED: ${delivered}/${plan.length} delivered, ${left} not delivered, ${messages} messages recorded, ${arrived} arrived, ${scenario.expectedMessages} expected`);
    return ok;
  } finally {
    await mailer.close();
    await drop();
    await rm(dropDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const recipients = Number(values.recipients);
  const aggregated = Number(values.aggregated);
  const single = Number(values.single);
  console.log(machineLine());
  const url = process.env.DATABASE_URL;
  console.log(`engine: ${url === undefined ? 'PGlite (in memory)' : `PostgreSQL (a fresh database per scenario on ${new URL(url).host})`}; seed ${SEED}; SMTP sink in a child process, ${values['greet-pause'] ? 'greeting after smtp-server’s 100 ms pause' : 'greeting at once (smtp-server’s 100 ms pause off)'}`);
  const sink = fork(fileURLToPath(import.meta.url), ['--sink', ...(values['greet-pause'] ? ['--greet-pause'] : [])], { execArgv: ['--import', 'tsx'] });
  try {
    const { port } = await ask(sink, '');
    if (port === undefined) throw new Error('the SMTP sink did not say its port');
    const results = [
      await runScenario({ name: '(a) aggregated', template: 'bench.digest', recipients, perRecipient: aggregated, expectedMessages: recipients }, port, sink),
      await runScenario({ name: '(b) not aggregated', template: 'bench.single', recipients, perRecipient: single, expectedMessages: recipients * single }, port, sink),
    ];
    if (results.some((ok) => !ok)) process.exitCode = 1;
  } finally {
    const exited = new Promise((resolve) => sink.once('exit', resolve));
    sink.disconnect();
    await exited;
  }
}

if (values.sink) await sinkChild();
else await main();
