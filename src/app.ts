import { createReadStream } from 'node:fs';
import { registerTakedownAppeals, registerTakedownPages, registerTakedownRoutes, registerTransparencyRoutes } from './modules/takedowns/index.ts';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { Type } from 'typebox';
import type { Clock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import type { SecretBox } from './core/crypto.ts';
import type { Database } from './core/db.ts';
import { installErrorHandling } from './core/http/errors.ts';
import { installMetrics } from './core/http/metrics.ts';
import { installSecurityHeaders, requestIdFrom } from './core/http/security.ts';
import type { AppInstance } from './core/http/types.ts';
import { buildValidatorCompiler } from './core/http/validation.ts';
import type { EventBus } from './core/events.ts';
import { EvidenceStore } from './core/files/index.ts';
import { installRateLimits } from './core/http/rate-limit.ts';
import { FastLane } from './core/http/fast-lane.ts';
import { installUploads } from './core/http/uploads.ts';
import { installAuthentication } from './modules/identity/http.ts';
import { registerIdentityRoutes } from './modules/identity/routes.ts';
import { registerIdentityPages } from './modules/identity/pages.tsx';
import { registerRulesRoutes } from './modules/rules/routes.ts';
import { registerRulesPages } from './modules/rules/pages.tsx';
import { registerAuditRoutes } from './modules/audit/routes.ts';
import { registerAuditPages } from './modules/audit/pages.tsx';
import { buildIntake, caseReportsReader, registerReportsRoutes, REPORT_LIMITS } from './modules/reports/index.ts';
import { registerReportPages } from './modules/reports/pages/index.tsx';
import { registerCasesRoutes } from './modules/cases/routes.ts';
import { registerCasesPages } from './modules/cases/pages/index.tsx';
import { openLiveIndex, registerReputation, type LiveIndex } from './modules/reputation/index.ts';
import { registerShellPages, renderHtmlError } from './web/shell-pages.tsx';
import { registerApiDocs } from './web/api-docs.tsx';
import { registerAlerts, type Notifier } from './modules/alerts/index.ts';

/** Everything the app needs, built by the caller (main, CLI or a test). */
export type AppDeps = {
  config: Config;
  database: Database;
  clock: Clock;
  box: SecretBox;
  events: EventBus;
  notifier: Notifier;
  logger: Logger;
};

const STATIC_DIR = fileURLToPath(new URL('./web/static', import.meta.url));
const HTMX_FILE = fileURLToPath(new URL('../node_modules/htmx.org/dist/htmx.min.js', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's lookup index (tests catch it up after writes made elsewhere). */
    reputationIndex: LiveIndex;
    /** The lane that answers the hottest public lookups ahead of Fastify (tests count its answers). */
    fastLane: FastLane;
  }
}

/** The composition root: one Fastify app with every module's routes and pages. */
export async function buildApp(deps: AppDeps): Promise<AppInstance> {
  const { config, database, clock, box } = deps;
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const https = config.publicUrl.startsWith('https:');
  const lane = new FastLane({ logger: deps.logger, trustProxy: config.trustProxy, https });
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    serverFactory: lane.serverFactory,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are JSON (API) or urlencoded (forms); a text/plain body is refused with 415, not parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(buildValidatorCompiler());
  installErrorHandling(app, renderHtmlError);
  installSecurityHeaders(app, { https });
  const observe = installMetrics(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'antoan API',
        version: '1',
        description: 'An toàn — nền tảng vì một không gian mạng an toàn, lành mạnh. Errors use {"error":{"code","message","details"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Organisation API token (antoan_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'antoan_session', description: 'Web session; unsafe methods need X-CSRF-Token' },
        },
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: config.bodyLimitBytes });
  await installUploads(app, { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes });
  const now = () => clock.now().getTime();
  const limits = installRateLimits(app, now);
  lane.attach(app, { limits, observe, now });
  app.decorate('fastLane', lane);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h', index: false });
  app.get('/static/htmx.min.js', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(createReadStream(HTMX_FILE)),
  );

  installAuthentication(app, { database, clock, box, config });

  const Status = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness: database reachable and migrated', response: { 200: Status, 503: Status } } }, async (_request, reply) => {
    const database_ = await database.ping().then(() => 'ok', () => 'unreachable');
    const migrations = database_ === 'ok' ? ((await database.migrationsApplied()) ? 'ok' : 'pending') : 'unknown';
    const ready = database_ === 'ok' && migrations === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database: database_, migrations } });
  });

  const loginRateLimit = { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowSeconds * 1000 };
  registerIdentityRoutes(app, { database, clock, tokenRateLimit: loginRateLimit });
  registerIdentityPages(app, { database, clock, box, config, loginRateLimit });
  registerRulesRoutes(app, { database, clock });
  registerRulesPages(app, { database, clock });
  registerAuditRoutes(app, { database, clock });
  registerAuditPages(app, { database, clock });
  const { events } = deps;
  const reportsDeps = { database, clock, box, notifier: deps.notifier, events, evidence: new EvidenceStore(config.evidenceDir), publicUrl: config.publicUrl, rateLimit: config.reportRateLimit };
  const intake = buildIntake(reportsDeps);
  registerReportsRoutes(app, reportsDeps, intake);
  registerReportPages(app, reportsDeps, intake);
  registerCasesRoutes(app, { database, clock, events, reports: caseReportsReader });
  registerCasesPages(app, { database, clock, events, reports: caseReportsReader });
  // Each process keeps its own lookup index, current from the indicator change log.
  const { live, refresher } = await openLiveIndex(database, deps.logger.child({ component: 'reputation' }), config.indexRefreshMs);
  refresher.start();
  app.addHook('onClose', () => refresher.stop());
  app.decorate('reputationIndex', live);
  registerReputation(app, { database, clock, config, box, events, notifier: deps.notifier, evidence: reportsDeps.evidence, live, lane });
  const takedownDeps = { database, clock, box, events, notifier: deps.notifier, config, evidence: reportsDeps.evidence };
  registerTakedownRoutes(app, takedownDeps);
  registerTakedownAppeals(app, takedownDeps);
  registerTakedownPages(app, takedownDeps);
  registerTransparencyRoutes(app, takedownDeps);
  registerAlerts(app, { database, clock, box, config, events, notifier: deps.notifier, live });
  registerShellPages(app);
  registerApiDocs(app);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
