import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * Paths never written to a log: credentials, tokens, and people's contact
 * details. Request bodies and headers are not logged at all by default; these
 * catch the cases where code logs an object that carries them.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.secret',
  '*.totpSecret',
  '*.email',
  '*.phone',
  '*.contact',
  '*._csrf',
  'body',
];

/** The process logger: JSON lines, redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'antoan' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        // The default request serializer logs the URL; query strings may carry values people check.
        req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        err: serializeError,
      },
    },
    destination,
  );
}

/**
 * Errors for the log. A failed query (drizzle's DrizzleQueryError) carries its
 * parameters — emails, names, password and token hashes — in its message, stack
 * and `params`: keep only the SQL text, the cause and the stack frames.
 */
export function serializeError(error: Error): unknown {
  const query = (error as { query?: unknown }).query;
  if (typeof query !== 'string' || !('params' in error)) return pino.stdSerializers.err(error);
  const type = error.constructor.name;
  const message = `Failed query: ${query}`;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const cause = error.cause instanceof Error ? { type: error.cause.constructor.name, message: error.cause.message, code: (error.cause as { code?: unknown }).code } : undefined;
  return { type, message, stack: [`${type}: ${message}`, ...frames].join('\n'), ...(cause !== undefined && { cause }) };
}
