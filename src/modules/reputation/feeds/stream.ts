// Sending a feed: lines gathered into ~64 KB chunks and pulled by the response as it drains
// (Readable.from reads the generator only when the socket wants more), so memory stays flat
// however long the feed; gzip when the client accepts it; ETag and 304.
import { pipeline, Readable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Characters per chunk written to the response. */
export const CHUNK_SIZE = 64 * 1024;

/** Gather short lines into chunks of about `size` characters. */
export function* chunked(lines: Iterable<string>, size = CHUNK_SIZE): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** The same for lines that arrive asynchronously (pages read from the database). */
export async function* chunkedAsync(lines: AsyncIterable<string>, size = CHUNK_SIZE): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** A byte stream of the chunks, read only as fast as it is consumed. */
export function textStream(chunks: Iterable<string> | AsyncIterable<string>): Readable {
  return Readable.from(chunks, { objectMode: false, highWaterMark: CHUNK_SIZE });
}

/** A feed ready to send: its validator, headers and (lazy, not yet started) body. */
export type FeedResponse = {
  /** `rpz`, `hosts`, `indicators.csv`…: the ETag's first part. */
  name: string;
  serial: number;
  since?: number;
  contentType: string;
  cacheControl: string;
  chunks: Iterable<string> | AsyncIterable<string>;
};

/** True when Accept-Encoding allows gzip (listed, or `*`, without q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.trim().toLowerCase().split(';');
    const refused = parameters.some((p) => /^\s*q\s*=\s*0(?:\.0{0,3})?\s*$/.test(p));
    if (coding.trim() === 'gzip') return !refused;
    if (coding.trim() === '*') star = !refused;
  }
  return star;
}

/** True when If-None-Match names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * Send a feed: `ETag: "<name>-<serial>[-since-<n>]"` (weak when gzipped: the bytes differ, the
 * content does not), `x-antoan-serial`, 304 when the client has it, else the stream — gzipped
 * (level 4: most of the size saving at a fraction of level 6's time) when accepted.
 */
export function sendFeed(request: FastifyRequest, reply: FastifyReply, feed: FeedResponse): FastifyReply {
  const gzip = acceptsGzip(request.headers['accept-encoding']);
  const tag = `"${feed.name}-${feed.serial}${feed.since === undefined ? '' : `-since-${feed.since}`}"`;
  const etag = gzip ? `W/${tag}` : tag;
  reply.header('etag', etag).header('cache-control', feed.cacheControl).header('vary', 'accept-encoding').header('x-antoan-serial', String(feed.serial));
  if (etagMatches(request.headers['if-none-match'], tag)) return reply.status(304).send();
  reply.type(feed.contentType);
  const body = textStream(feed.chunks);
  if (!gzip) return reply.send(body);
  reply.header('content-encoding', 'gzip');
  const compressed = createGzip({ level: 4, flush: constants.Z_NO_FLUSH });
  return reply.send(
    pipeline(body, compressed, (error) => {
      if (error !== undefined && error !== null) request.log.warn({ err: error }, 'feed stream ended early');
    }),
  );
}
