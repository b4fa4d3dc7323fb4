// What the takedown appeal API and pages share at the HTTP edge: dependencies, limits, the filing
// and decision steps around their use cases, and where evidence is served.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../core/clock.ts';
import type { Config } from '../../../core/config.ts';
import type { SecretBox } from '../../../core/crypto.ts';
import type { Database } from '../../../core/db.ts';
import type { EvidenceStore } from '../../../core/files/index.ts';
import { evidenceUploadsOf } from '../../../core/http/uploads.ts';
import type { Notifier } from '../../alerts/index.ts';
import { contextOf } from '../../identity/http.ts';
import type { Context } from '../../identity/index.ts';
import { REPORT_LIMITS } from '../../reports/index.ts';
import { decideTakedownAppeal, type DecisionInput } from './decisions.ts';
import { submitTakedownAppeal, type AppealInput } from './filing.ts';

/** What the appeal routes and pages need from the composition root. */
export type AppealDeps = {
  database: Database;
  clock: Clock;
  box: SecretBox;
  notifier: Notifier;
  evidence: EvidenceStore;
  config: Pick<Config, 'publicUrl' | 'reportRateLimit'>;
};

/** Where staff open an appeal's evidence file. */
export const appealEvidenceUrl = (id: string) => `/takedowns/appeals/evidence/${id}`;

/** Where the appellant follows an appeal. */
export const trackPath = (ticket: string) => `/takedown-appeal/${ticket}`;

/** Per-client limit of the public filing routes: the report intake's (ANTOAN_REPORT_RATE_MAX per window). */
export function appealRateLimit(deps: AppealDeps) {
  return { max: deps.config.reportRateLimit.max, timeWindow: deps.config.reportRateLimit.windowSeconds * 1000 };
}

/** Uploads accepted with an appeal: the report evidence limits, checked by the same code. */
export const APPEAL_UPLOADS = { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes };

/** File an appeal from a request (API or form): its files must come in the `evidence` field. */
export async function fileFromRequest(deps: AppealDeps, request: FastifyRequest, input: AppealInput, channel: 'web' | 'api') {
  const files = evidenceUploadsOf(request);
  const filed = await submitTakedownAppeal(deps, contextOf(request, deps.clock), input, files, channel);
  return { ...filed, trackUrl: `${deps.config.publicUrl}${trackPath(filed.ticket)}` };
}

/** Decide an appeal in its own transaction. */
export function decide(deps: AppealDeps, ctx: Context, appealId: string, input: DecisionInput) {
  return deps.database.transaction((tx) => decideTakedownAppeal(tx, ctx, appealId, input, { notifier: deps.notifier }));
}
