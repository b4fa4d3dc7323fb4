import { SMTPServer } from 'smtp-server';

/** A message as a test sees it: envelope, raw text, and the decoded subject, bodies and headers. */
export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The decoded text/plain body ('' when the message has none). */
  text: string;
  /** The decoded text/html body, or null when the message has none. */
  html: string | null;
  /** Top-level headers, names in lower case, folded lines joined, encoded words decoded; first one wins. */
  headers: Record<string, string>;
  /** Credentials the client logged in with, or null when it did not authenticate. */
  auth: { user: string; pass: string } | null;
};

/** The local SMTP server of one test file. */
export type SmtpTestServer = {
  /** For createMailer: plain SMTP on 127.0.0.1, STARTTLS neither offered nor tried. */
  url: string;
  messages: ReceivedMail[];
  /** Resolve once `count` messages have arrived; reject after `timeoutMs` (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/**
 * An SMTP server on 127.0.0.1 and a free port that accepts every message (with
 * or without any login) and keeps it in `messages`. Tests never reach a real relay.
 * `rejectRecipients`: addresses refused at RCPT TO with a permanent 550.
 */
export async function startSmtpServer(options: { rejectRecipients?: string[] } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const logins = new Map<string, { user: string; pass: string }>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, session, callback) {
      const user = auth.username ?? '';
      logins.set(session.id, { user, pass: auth.password ?? '' });
      callback(null, { user: user === '' ? 'anonymous' : user });
    },
    onRcptTo(address, _session, callback) {
      if (!(options.rejectRecipients ?? []).includes(address.address)) return callback();
      callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { mailFrom, rcptTo } = session.envelope;
        messages.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: rcptTo.map((recipient) => recipient.address),
          raw,
          ...parseMail(raw),
          auth: logins.get(session.id) ?? null,
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that hangs up mid-session emits 'error'; unhandled, it would end the test process.
  server.on('error', () => undefined);
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP test server: not listening on a TCP port');

  return {
    url: `smtp://127.0.0.1:${address.port}?ignoreTLS=true`,
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP test server: expected ${count} message(s) within ${timeoutMs} ms, received ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return [...messages];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Entity = { headers: Record<string, string>; body: string };

/**
 * Decode the simple messages nodemailer writes (one text part, or multipart
 * with text and html parts; 7bit/8bit, quoted-printable or base64; encoded-word
 * headers). Not a general MIME parser: attachments and charsets other than
 * those TextDecoder knows are out of scope.
 */
export function parseMail(raw: string): { subject: string; text: string; html: string | null; headers: Record<string, string> } {
  const root = splitEntity(raw);
  const bodies: { text: string | null; html: string | null } = { text: null, html: null };
  collectBodies(root, bodies);
  return { subject: root.headers.subject ?? '', text: bodies.text ?? '', html: bodies.html, headers: root.headers };
}

function splitEntity(raw: string): Entity {
  const separator = /\r?\n\r?\n/.exec(raw);
  const head = separator === null ? raw : raw.slice(0, separator.index);
  // Nodemailer ends every body with a line break of its own, whether the text had one or not.
  const body = separator === null ? '' : raw.slice(separator.index + separator[0].length).replace(/\r?\n$/, '');
  const headers: Record<string, string> = {};
  // Unfolding: a line break followed by white space continues the previous header.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(entity: Entity, found: { text: string | null; html: string | null }): void {
  const { type, params } = parseContentType(entity.headers['content-type'] ?? 'text/plain; charset=utf-8');
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (boundary === undefined) return;
    for (const part of splitMultipart(entity.body, boundary)) collectBodies(splitEntity(part), found);
    return;
  }
  if ((entity.headers['content-disposition'] ?? '').toLowerCase().startsWith('attachment')) return;
  const key = type === 'text/plain' ? 'text' : type === 'text/html' ? 'html' : null;
  if (key === null || found[key] !== null) return;
  found[key] = decodeBody(entity.body, entity.headers['content-transfer-encoding'] ?? '7bit', params.charset ?? 'utf-8');
}

function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const match of rest.join(';').matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))/g)) {
    const [, name = '', quoted, bare] = match;
    params[name.toLowerCase()] = quoted ?? bare ?? '';
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current !== null) parts.push(current.join('\r\n'));
      current = [];
    } else if (current !== null) {
      current.push(line);
    }
  }
  if (current !== null) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(body: string, transferEncoding: string, charset: string): string {
  switch (transferEncoding.trim().toLowerCase()) {
    case 'base64':
      return decodeBytes(Buffer.from(body.replace(/\s+/g, ''), 'base64'), charset);
    case 'quoted-printable':
      // "=" at the end of a line is a soft break: the line continues.
      return decodeBytes(quotedPrintableBytes(body.replace(/=\r?\n/g, ''), false), charset);
    default:
      return body;
  }
}

function quotedPrintableBytes(input: string, underscoreIsSpace: boolean): Buffer {
  return Buffer.concat(
    input.split(/(=[0-9A-Fa-f]{2})/).map((piece) => {
      if (/^=[0-9A-Fa-f]{2}$/.test(piece)) return Buffer.from([Number.parseInt(piece.slice(1), 16)]);
      return Buffer.from(underscoreIsSpace ? piece.replace(/_/g, ' ') : piece, 'utf8');
    }),
  );
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

const ENCODED_WORD = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;

/**
 * RFC 2047: white space between two encoded words is dropped, and the bytes of
 * adjacent words in one charset are joined before decoding, since a long subject
 * may be split inside a multi-byte character.
 */
function decodeEncodedWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  const pieces: (string | { charset: string; bytes: Buffer[] })[] = [];
  let last = 0;
  for (const match of joined.matchAll(ENCODED_WORD)) {
    const [word, charset = 'utf-8', encoding = 'Q', text = ''] = match;
    if (match.index > last) pieces.push(joined.slice(last, match.index));
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text, true);
    const previous = pieces.at(-1);
    if (typeof previous === 'object' && previous.charset.toLowerCase() === charset.toLowerCase()) previous.bytes.push(bytes);
    else pieces.push({ charset, bytes: [bytes] });
    last = match.index + word.length;
  }
  pieces.push(joined.slice(last));
  return pieces.map((piece) => (typeof piece === 'string' ? piece : decodeBytes(Buffer.concat(piece.bytes), piece.charset))).join('');
}
