import { Type } from 'typebox';
import type { Database } from '../../core/db.ts';
import { defineJob } from '../../core/jobs.ts';
import { verifyAuditChain } from './verify.ts';

/** Nightly: verify the whole chain and log loudly if it was altered. Read-only, so safely repeatable. */
export function verifyAuditJob(database: Database) {
  return defineJob({
    name: 'audit.verify-chain',
    payload: Type.Object({}),
    retryLimit: 2,
    retryDelaySeconds: 300,
    retryBackoff: true,
    cron: '30 19 * * *', // 02:30 Vietnam time
    async handler(_payload, { log }) {
      const result = await verifyAuditChain(database.db);
      if (result.ok) log.info({ entries: result.entries }, 'audit chain intact');
      else log.error({ problems: result.problems.slice(0, 10), entries: result.entries }, 'AUDIT CHAIN ALTERED');
    },
  });
}
