// The reputation JSON API: the check (GET one value, POST a batch of up to 1,000).
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events.ts';
import type { EvidenceStore } from '../../core/files/index.ts';
import type { Notifier } from '../alerts/index.ts';
import type { AppInstance } from '../../core/http/types.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { FastLane } from '../../core/http/fast-lane.ts';
import { isLocale, resolveLocale, type Locale } from '../../core/i18n.ts';
import { localeOf } from '../../web/page-context.ts';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { checkValue } from './check.ts';
import type { LiveIndex } from './live-index.ts';
import * as S from './schema.ts';

/** What the reputation routes and pages need from the composition root. */
export type ReputationDeps = {
  database: Database;
  clock: Clock;
  config: Config;
  box: SecretBox;
  events: EventBus;
  notifier: Notifier;
  evidence: EvidenceStore;
  live: LiveIndex;
  /** The check's GET is also answered here, ahead of Fastify, when it is plain and successful. */
  lane: FastLane;
};

/** The locale of an API answer: `?lang=`, else the page rules (cookie, Accept-Language). */
export function apiLocale(request: FastifyRequest, lang: string | undefined): Locale {
  return isLocale(lang) ? lang : localeOf(request);
}

/** Rate limit of the public lookup endpoints, per client. */
export function lookupRateLimit(config: Config) {
  return { max: config.checkRateLimitPerMinute, timeWindow: 60_000 };
}

export function registerReputationRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { clock, live } = deps;
  const rateLimit = lookupRateLimit(deps.config);
  const check = (query: Static<typeof S.CheckQuery>, locale: Locale) => checkValue(live, query.value, query.type, clock.now().getTime(), locale);

  // The hottest public route: the lane answers it when there is an answer; an error, a session
  // or a token goes on to the route below, which gives the same answer otherwise (fast-lane.ts).
  deps.lane.get('/api/v1/check', { querystring: S.CheckQuery, response: S.CheckResult }, (query, headers) => {
    const result = check(query, resolveLocale({ query: query.lang, acceptLanguage: headers['accept-language'] }));
    return 'error' in result ? undefined : result;
  });

  app.get(
    '/api/v1/check',
    {
      config: { rateLimit },
      schema: {
        tags: ['reputation'],
        summary: 'Check one value (URL, domain, phone, bank account, social account, email, IP, hash, text): verdict, why, and advice',
        querystring: S.CheckQuery,
        response: { 200: S.CheckResult },
      },
    },
    async (request) => {
      const result = check(request.query, apiLocale(request, request.query.lang));
      if ('error' in result) throw new AppError('TARGET_INVALID', undefined, [{ field: 'value', message: result.error.message }]);
      return result;
    },
  );

  app.post(
    '/api/v1/check',
    {
      config: { rateLimit },
      schema: {
        tags: ['reputation'],
        summary: 'Check up to 1,000 values at once; a value that cannot be parsed gets its own error, the others their answers',
        body: S.CheckBatchBody,
        response: { 200: S.CheckBatchResult },
      },
    },
    async (request) => {
      const now = clock.now().getTime();
      const locale = apiLocale(request, undefined);
      const results = request.body.items.map((item) => (typeof item === 'string' ? checkValue(live, item, undefined, now, locale) : checkValue(live, item.value, item.type, now, locale)));
      return { serial: live.serial, results };
    },
  );
}
