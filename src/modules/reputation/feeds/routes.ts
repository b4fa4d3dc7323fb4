// Feeds: RPZ (token), hosts, domains.txt, AdBlock, CSV, JSON; deployment reports (issue 4 §5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from '../../../core/http/types.ts';
import { contextOf } from '../../identity/http.ts';
import type { Context } from '../../identity/index.ts';
import type { ReputationDeps } from '../routes.ts';
import { deploymentLag, reportDeployment } from './deployments.ts';
import { FEED_PATHS, indicatorFeed, nameListFeed, rpzFeed } from './feeds.ts';
import { registerFeedPages } from './page.tsx';
import * as S from './schema.ts';
import { sendFeed, type FeedResponse } from './stream.ts';

/**
 * Requests per client per minute on each feed. A consumer polling every minute (with
 * If-None-Match, so unchanged feeds cost a 304) stays far below it.
 */
export const FEED_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

/**
 * Feeds are for programs and cached by shared caches (`public, max-age=60`): they must not carry
 * the anonymous CSRF cookie every other answer sets, or a cache would hand one client's cookie
 * to the next.
 */
export async function withoutCookies(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.removeHeader('set-cookie');
  return payload;
}

export function registerFeedRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;
  const config = { rateLimit: FEED_RATE_LIMIT };

  const feed = (path: string, summary: string, open: (ctx: Context, since: number | undefined) => Promise<FeedResponse>) =>
    app.get(path, { config, onSend: withoutCookies, schema: { tags: ['feeds'], summary, querystring: S.FeedQuery } }, async (request, reply) =>
      sendFeed(request, reply, await open(contextOf(request, clock), request.query.since)),
    );

  feed(
    FEED_PATHS.rpz,
    'The national blocking list as an RPZ zone for DNS resolvers (telecom or authority token with feeds:read). SOA serial = change serial; ETag/If-None-Match; gzip. No ?since: RPZ cannot express removals.',
    (ctx, since) => rpzFeed(deps, ctx, since),
  );
  feed(FEED_PATHS.hosts, 'Dangerous host names as a hosts file (0.0.0.0 name); exact names only', (ctx, since) => nameListFeed(deps, ctx, 'hosts', since));
  feed(FEED_PATHS.domains, 'Dangerous host names, one per line; exact names only', (ctx, since) => nameListFeed(deps, ctx, 'domains', since));
  feed(FEED_PATHS.adblock, 'Dangerous host names as AdBlock filters (||name^)', (ctx, since) => nameListFeed(deps, ctx, 'adblock', since));
  feed(
    FEED_PATHS.csv,
    'Every listing in force (all types and verdicts) as CSV; with ?since=<serial> the listings changed since, with their status (active, expired, revoked)',
    (ctx, since) => indicatorFeed(deps, ctx, 'csv', since),
  );
  feed(
    FEED_PATHS.json,
    'Every listing in force as JSON {serial, generatedAt, indicators}; with ?since=<serial> the delta {serial, since, changes} with each change’s status',
    (ctx, since) => indicatorFeed(deps, ctx, 'json', since),
  );

  app.post(
    '/api/v1/feeds/deployments',
    {
      schema: {
        tags: ['feeds'],
        summary: 'A telecom reports the serial of the blocking list it has deployed (token with feeds:read); 422 SERIAL_AHEAD beyond the current serial',
        body: S.DeploymentBody,
        response: { 201: S.DeploymentView },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const d = await database.transaction((tx) => reportDeployment(tx, ctx, request.body));
      return reply.status(201).send({ ...d, reportedAt: d.reportedAt.toISOString(), lagSerials: d.currentSerial - d.serial });
    },
  );

  app.get(
    '/api/v1/feeds/deployments',
    { schema: { tags: ['feeds'], summary: 'Every telecom with the blocking list it runs and how far behind it is, worst first (national authority)', response: { 200: S.DeploymentLagList } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const lag = await deploymentLag(database.db, ctx);
      return {
        currentSerial: lag.currentSerial,
        generatedAt: ctx.now.toISOString(),
        telecoms: lag.telecoms.map((t) => ({ ...t, reportedAt: t.reportedAt?.toISOString() ?? null, behindSince: t.behindSince?.toISOString() ?? null })),
      };
    },
  );

  registerFeedPages(app, deps);
}
