// STIX 2.1 bundle, TAXII 2.1 and the MISP feed (issue 4 §5): open threat intelligence (TLP:CLEAR)
// of the detections — dangerous and suspicious listings. Trusted listings are left out: consumers
// treat indicators as detections; one that turns trusted is published as benign and no longer
// valid, so consumers drop it.
import type { AppInstance } from '../../../core/http/types.ts';
import { AppError } from '../../../core/errors.ts';
import { FEED_RATE_LIMIT } from '../feeds/routes.ts';
import { chunked, chunkedAsync, sendFeed } from '../feeds/stream.ts';
import { currentSerial } from '../repository.ts';
import type { ReputationDeps } from '../routes.ts';
import { deltaBundle, fullBundle, MispCatalogue, mispEvent, mispHashes } from './feeds.ts';
import { isUuid, mispEventUuid } from './ids.ts';
import { ChangeLedger } from './ledger.ts';
import { mispManifestEntry } from './misp.ts';
import * as S from './schema.ts';
import { STIX_MEDIA_TYPE } from './stix.ts';
import { registerTaxiiRoutes } from './taxii-routes.ts';

const PUBLIC_CACHE = 'public, max-age=60';
const JSON_TYPE = 'application/json; charset=utf-8';

export function registerThreatIntelRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { database, live, clock } = deps;
  const db = database.db;
  const ledger = new ChangeLedger();
  const catalogue = new MispCatalogue();
  const config = { rateLimit: FEED_RATE_LIMIT };

  app.get(
    '/feeds/stix',
    {
      config,
      schema: {
        tags: ['feeds'],
        summary: 'STIX 2.1 bundle of the dangerous and suspicious listings in force (TLP:CLEAR); with ?since=<serial> what changed after that serial — revoked listings revoked, expired ones valid until their expiry; ETag/If-None-Match; gzip',
        querystring: S.StixFeedQuery,
      },
    },
    async (request, reply) => {
      const since = request.query.since;
      // Catch up first, so a delisting is out of the feed at the next serial.
      await live.catchUp(db);
      const base = { name: 'stix', contentType: STIX_MEDIA_TYPE, cacheControl: PUBLIC_CACHE };
      if (since === undefined) {
        const serial = live.serial;
        await ledger.ensure(db, serial);
        return sendFeed(request, reply, { ...base, serial, chunks: chunked(fullBundle(live, ledger, clock.now().getTime(), serial)) });
      }
      // Another process may have answered with a serial this one has not read yet: read once more before refusing.
      const head = Math.max(live.serial, since > live.serial ? await currentSerial(db) : 0);
      if (since > head) throw new AppError('SERIAL_AHEAD', `since=${since} is ahead of the current serial ${head}: download the full feed again.`, [{ field: 'since', message: `at most ${head}` }]);
      await ledger.ensure(db, head);
      return sendFeed(request, reply, { ...base, serial: head, since, chunks: chunkedAsync(deltaBundle(db, ledger, since, head)) });
    },
  );

  registerTaxiiRoutes(app, deps, ledger);

  app.get(
    '/feeds/misp/manifest.json',
    { config, schema: { tags: ['feeds'], summary: 'MISP feed manifest: one event per Vietnam day of first sighting (uuid → Orgc, Tag, info, date, analysis, threat_level_id, timestamp)' } },
    async (request, reply) => {
      const { serial, days } = await catalogue.current(db);
      const manifest = Object.fromEntries(days.map((day) => [mispEventUuid(day.day), mispManifestEntry(day)]));
      return sendFeed(request, reply, { name: 'misp-manifest', serial, contentType: JSON_TYPE, cacheControl: PUBLIC_CACHE, chunks: [JSON.stringify(manifest)] });
    },
  );

  app.get(
    '/feeds/misp/hashes.csv',
    { config, schema: { tags: ['feeds'], summary: 'MISP feed hashes.csv: the MD5 of each attribute value in force, and its event' } },
    async (request, reply) => {
      const { serial } = await catalogue.current(db);
      return sendFeed(request, reply, { name: 'misp-hashes', serial, contentType: 'text/csv; charset=utf-8', cacheControl: PUBLIC_CACHE, chunks: chunkedAsync(mispHashes(db, ledger)) });
    },
  );

  app.get(
    '/feeds/misp/:event',
    { config, schema: { tags: ['feeds'], summary: 'A MISP feed event (<uuid>.json): the listings first seen that day as attributes, those no longer in force deleted', params: S.MispEventParams } },
    async (request, reply) => {
      const uuid = /^([0-9a-f-]{36})\.json$/.exec(request.params.event)?.[1];
      if (uuid === undefined || !isUuid(uuid)) throw new AppError('NOT_FOUND');
      const { serial, byEvent } = await catalogue.current(db);
      const summary = byEvent.get(uuid);
      if (summary === undefined) throw new AppError('NOT_FOUND');
      return sendFeed(request, reply, { name: `misp-${uuid}`, serial, contentType: JSON_TYPE, cacheControl: PUBLIC_CACHE, chunks: chunkedAsync(mispEvent(db, ledger, summary)) });
    },
  );
}
