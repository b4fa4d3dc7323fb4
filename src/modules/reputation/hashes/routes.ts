// Privacy-preserving lookups: hash prefixes and the prefix list (issue 4 §4). A client holds the
// list of published prefixes, hashes what it checks on its own device and asks only about the
// prefixes that hit; the server learns a 4-byte prefix shared by many values, never the value.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { lookupRateLimit, type ReputationDeps } from '../routes.ts';
import { LiveHashIndex } from './hash-index.ts';
import { fullPrefixList, HASH_CACHE_SECONDS, hashesUnder, prefixListSince } from './queries.ts';
import * as S from './schema.ts';

const HEX_PREFIX = /^(?:[0-9a-f]{2}){4,32}$/i;
const BAD_PREFIX = 'The prefix must be 8 to 64 hexadecimal digits: the first 4 to 32 bytes of a SHA-256, two digits per byte.';

// The prefix is in the path: this route logs its pattern instead, so no log line can tie a
// client's address to what it looked up.
const logSerializers = {
  req: (request: FastifyRequest) => ({ id: request.id, method: request.method, path: '/api/v1/hashes/:prefix' }),
};

// If-None-Match compares weakly: `W/"x"` and `"x"` match, as does `*`.
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

export function registerHashRoutes(app: AppInstance, deps: ReputationDeps): void {
  const hashes = new LiveHashIndex(deps.live);
  app.addHook('onClose', async () => hashes.stop());
  const rateLimit = lookupRateLimit(deps.config);

  app.get(
    '/api/v1/hashes/prefixes',
    {
      config: { rateLimit },
      schema: {
        tags: ['reputation'],
        summary: 'The published hash prefixes (sorted, distinct, base64), or with ?since=<serial> what changed; checksum of the whole list; ETag',
        querystring: S.PrefixListQuery,
        response: { 200: S.PrefixListAnswer, 304: S.NotModified },
      },
    },
    async (request, reply) => {
      const { size, since } = request.query;
      const answer = since === undefined ? await fullPrefixList(hashes, size) : await prefixListSince(deps.database.db, hashes, size, since);
      // Weak: a delta may re-announce a prefix or two more or fewer (see prefixListSince) and still rebuild the same list.
      const etag = `W/"hashes-${answer.serial}-${size}-${answer.full ? 'full' : answer.since}"`;
      reply.header('etag', etag).header('cache-control', 'public, no-cache');
      if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return answer;
    },
  );

  app.get(
    '/api/v1/hashes/:prefix',
    {
      config: { rateLimit },
      logSerializers,
      schema: {
        tags: ['reputation'],
        summary: 'Every full SHA-256 published under a 4–32-byte prefix, with verdict, scope and categories',
        params: S.HashPrefixParams,
        response: { 200: S.FullHashAnswer },
      },
    },
    async (request, reply) => {
      const { prefix } = request.params;
      if (!HEX_PREFIX.test(prefix)) throw new AppError('VALIDATION_FAILED', BAD_PREFIX, [{ field: 'prefix', message: BAD_PREFIX }]);
      reply.header('cache-control', `public, max-age=${HASH_CACHE_SECONDS}`);
      return hashesUnder(hashes, prefix.toLowerCase(), deps.clock.now().getTime());
    },
  );
}
