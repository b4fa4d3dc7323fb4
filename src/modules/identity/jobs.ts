import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import { defineJob } from '../../core/jobs.ts';
import { deleteExpiredSessions } from './repository.ts';

/** Every 15 minutes: drop expired sessions. Idempotent: deleting what is gone deletes nothing. */
export function purgeSessionsJob(database: Database, clock: Clock) {
  return defineJob({
    name: 'identity.purge-sessions',
    payload: Type.Object({}),
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    cron: '*/15 * * * *',
    async handler(_payload, { log }) {
      const removed = await deleteExpiredSessions(database.db, clock.now());
      log.info({ removed }, 'expired sessions purged');
    },
  });
}
