import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseMail, startSmtpServer, type SmtpTestServer } from '../../test/helpers/smtp.ts';
import { fixedClock } from './clock.ts';
import { ConfigError } from './config.ts';
import { createLogger } from './logging.ts';
import { createMailer, MailDeliveryError, parseSmtpUrl, type Mailer } from './mail.ts';

const FROM = 'An toàn <no-reply@antoan.example>';
const TO = 'nguoi.bao.cao@example.vn';
const SUBJECT = 'Phản ánh của bạn đã được tiếp nhận — mã AT-7K3Q';
// Long enough that the encoder has to break lines, with Vietnamese on every line.
const TEXT = [
  'Xin chào,',
  '',
  'Phản ánh của bạn đã được tiếp nhận — mã AT-7K3Q. Chúng tôi sẽ xem xét và trả lời trong thời hạn quy định; bạn có thể theo dõi tiến độ xử lý bằng mã này trên trang tra cứu.',
  '',
  'Trân trọng,',
  'Nhóm An toàn',
].join('\n');
const UNSUBSCRIBE = '<https://antoan.example/unsubscribe?t=abc123>, <mailto:unsubscribe@antoan.example>';

/** A logger like the process one, writing its JSON lines into an array. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) }), lines };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

let smtp: SmtpTestServer;
const mailers: Mailer[] = [];

function mailerFor(url: string | null, options: { dropDir?: string; logger?: ReturnType<typeof createLogger>; clock?: ReturnType<typeof fixedClock> } = {}): Mailer {
  const mailer = createMailer({ url, from: FROM }, { dropDir: options.dropDir ?? path.join(tmpdir(), 'antoan-mail-unused'), logger: options.logger ?? capturingLogger().logger, clock: options.clock });
  mailers.push(mailer);
  return mailer;
}

beforeAll(async () => {
  smtp = await startSmtpServer({ rejectRecipients: ['khong.ton.tai@example.vn'] });
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(() => {
  smtp.messages.length = 0;
});

afterEach(async () => {
  await Promise.all(mailers.splice(0).map((mailer) => mailer.close()));
});

describe('createMailer over SMTP', () => {
  it('delivers a Vietnamese subject and body with a custom header, and logs only the message id', async () => {
    const { logger, lines } = capturingLogger();
    const { messageId } = await mailerFor(smtp.url, { logger }).send({ to: TO, subject: SUBJECT, text: TEXT, headers: { 'List-Unsubscribe': UNSUBSCRIBE } });

    const [mail] = await smtp.waitFor(1);
    expect(mail?.from).toBe('no-reply@antoan.example');
    expect(mail?.to).toEqual([TO]);
    expect(mail?.subject).toBe(SUBJECT);
    expect(mail?.text).toContain('Phản ánh của bạn đã được tiếp nhận — mã AT-7K3Q.');
    expect(mail?.text.replace(/\r\n/g, '\n')).toBe(TEXT);
    expect(mail?.html).toBeNull();
    expect(mail?.headers['list-unsubscribe']).toBe(UNSUBSCRIBE);
    expect(mail?.headers['message-id']).toBe(messageId);
    expect(mail?.headers.from).toBe(FROM);

    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ level: 30, mail: 'sent', messageId })]);
    expect(lines.join('')).not.toContain(TO);
    expect(lines.join('')).not.toContain('AT-7K3Q');
  });

  it('sends text and html as multipart/alternative', async () => {
    await mailerFor(smtp.url).send({ to: TO, subject: SUBJECT, text: 'Xin chào bạn', html: '<p>Xin chào <strong>bạn</strong> — mã AT-7K3Q</p>' });

    const [mail] = await smtp.waitFor(1);
    expect(mail?.headers['content-type']).toMatch(/^multipart\/alternative;/);
    expect(mail?.text).toBe('Xin chào bạn');
    expect(mail?.html).toBe('<p>Xin chào <strong>bạn</strong> — mã AT-7K3Q</p>');
  });

  it('logs in with the percent-decoded credentials of the URL', async () => {
    const url = smtp.url.replace('smtp://', 'smtp://th%C6%B0%40antoan:p%40ss%3Aw%2Fo%23rd@');
    await mailerFor(url).send({ to: TO, subject: 'Kiểm tra', text: 'Kiểm tra' });

    const [mail] = await smtp.waitFor(1);
    expect(mail?.auth).toEqual({ user: 'thư@antoan', pass: 'p@ss:w/o#rd' });
  });

  it('rejects when the server cannot be reached', async () => {
    const port = await closedPort();
    const sending = mailerFor(`smtp://127.0.0.1:${port}?ignoreTLS=true`).send({ to: TO, subject: SUBJECT, text: TEXT });

    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ permanent: false });
  });

  it('rejects a refused recipient as permanent, without the address in the error', async () => {
    const error: unknown = await mailerFor(smtp.url)
      .send({ to: 'khong.ton.tai@example.vn', subject: SUBJECT, text: TEXT })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ code: 'EENVELOPE', responseCode: 550, permanent: true });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack })).not.toContain('khong.ton.tai');
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('createMailer without an SMTP URL', () => {
  let dropDir: string;

  beforeEach(async () => {
    dropDir = path.join(await mkdtemp(path.join(tmpdir(), 'antoan-mail-')), 'outbox');
  });

  afterEach(async () => {
    await rm(path.dirname(dropDir), { recursive: true, force: true });
  });

  it('writes one .eml file and logs its path, never the recipient or subject', async () => {
    const { logger, lines } = capturingLogger();
    const clock = fixedClock(new Date('2026-03-04T05:06:07.089Z'));
    const { messageId } = await mailerFor(null, { dropDir, logger, clock }).send({ to: TO, subject: SUBJECT, text: TEXT, headers: { 'List-Unsubscribe': UNSUBSCRIBE } });

    const files = await readdir(dropDir);
    expect(files).toHaveLength(1);
    const [name = ''] = files;
    expect(name).toMatch(/^2026-03-04T05-06-07-089Z-[A-Za-z0-9._@-]+\.eml$/);
    const file = path.join(dropDir, name);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const raw = await readFile(file, 'utf8');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(raw).toContain('\r\n');
    const mail = parseMail(raw);
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.text.replace(/\r\n/g, '\n')).toBe(TEXT);
    expect(mail.headers.to).toBe(TO);
    expect(mail.headers['message-id']).toBe(messageId);
    expect(mail.headers['list-unsubscribe']).toBe(UNSUBSCRIBE);
    expect(mail.headers.date).toBe('Wed, 04 Mar 2026 05:06:07 +0000');

    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ level: 30, mail: 'dropped', file })]);
    expect(lines.join('')).not.toContain(TO);
    expect(lines.join('')).not.toContain('AT-7K3Q');
  });

  it('keeps every message in its own file', async () => {
    const mailer = mailerFor(null, { dropDir, clock: fixedClock(new Date('2026-03-04T05:06:07.089Z')) });
    await mailer.send({ to: TO, subject: 'Một', text: 'một' });
    await mailer.send({ to: TO, subject: 'Hai', text: 'hai' });

    expect(await readdir(dropDir)).toHaveLength(2);
  });
});

describe('parseSmtpUrl', () => {
  it('reads host, port, credentials and the honoured options', () => {
    expect(parseSmtpUrl('smtps://mailer:s%3Acret@mail.example.vn:465?tlsRejectUnauthorized=false')).toEqual({
      host: 'mail.example.vn',
      port: 465,
      secure: true,
      auth: { user: 'mailer', pass: 's:cret' },
      tls: { rejectUnauthorized: false },
    });
    expect(parseSmtpUrl('smtp://[::1]?requireTLS=true')).toEqual({ host: '::1', secure: false, requireTLS: true });
  });

  it('lists every problem and never repeats the password', () => {
    let error: unknown;
    try {
      parseSmtpUrl('http://user:hunter2-secret@mail.example.vn/x?pool=true&ignoreTLS=yes');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SMTP URL: expected the smtp: or smtps: scheme, got "http:"',
      'SMTP URL: a path is not allowed',
      'SMTP URL: unknown option "pool" (allowed: ignoreTLS, requireTLS, tlsRejectUnauthorized)',
      'SMTP URL: ignoreTLS must be true or false',
    ]);
    expect((error as ConfigError).message).not.toContain('hunter2');
    expect(() => parseSmtpUrl('not a url')).toThrow(ConfigError);
    expect(() => parseSmtpUrl('smtp://h?requireTLS=true&ignoreTLS=true')).toThrow(/contradict/);
  });

  it('is checked when the mailer is created, before anything is sent', () => {
    expect(() => createMailer({ url: 'smtp://h?debug=true', from: FROM }, { dropDir: tmpdir(), logger: capturingLogger().logger })).toThrow(ConfigError);
  });
});

describe('parseMail (test helper)', () => {
  it('decodes folded encoded words split inside a character, and quoted-printable soft breaks', () => {
    const bytes = Buffer.from('Phản ánh', 'utf8');
    // "ả" is three bytes: split it across two encoded words, one B and one Q.
    const first = bytes.subarray(0, 3).toString('base64');
    const second = [...bytes.subarray(3)].map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const raw = [
      `Subject: =?UTF-8?B?${first}?=`,
      ` =?utf-8?Q?${second}?= =?UTF-8?Q?_c=E1=BB=A7a_b?=`,
      ' more',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Ti=E1=BA=BFp nh=E1=BA==',
      'ADn',
    ].join('\r\n');

    const mail = parseMail(raw);
    expect(mail.subject).toBe('Phản ánh của b more');
    expect(mail.text).toBe('Tiếp nhận');
  });
});
