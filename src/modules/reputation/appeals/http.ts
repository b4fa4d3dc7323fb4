// What the appeal API and pages share at the HTTP edge: limits, the filing and decision steps
// around their use cases, and where evidence is served.
import type { FastifyRequest } from 'fastify';
import { evidenceUploadsOf } from '../../../core/http/uploads.ts';
import { contextOf } from '../../identity/http.ts';
import type { Context } from '../../identity/index.ts';
import { REPORT_LIMITS } from '../../reports/index.ts';
import type { ReputationDeps } from '../routes.ts';
import { decideAppeal, type DecisionInput } from './decisions.ts';
import { submitAppeal, type AppealInput } from './filing.ts';

/** Where staff open an appeal's evidence file. */
export const appealEvidenceUrl = (id: string) => `/admin/appeals/evidence/${id}`;

/** Per-client limit of the public filing routes: the report intake's (ANTOAN_REPORT_RATE_MAX per window). */
export function appealRateLimit(deps: ReputationDeps) {
  return { max: deps.config.reportRateLimit.max, timeWindow: deps.config.reportRateLimit.windowSeconds * 1000 };
}

/** Uploads accepted with an appeal: the report evidence limits, checked by the same code. */
export const APPEAL_UPLOADS = { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes };

/** File an appeal from a request (API or form): its files must come in the `evidence` field. */
export async function fileFromRequest(deps: ReputationDeps, request: FastifyRequest, input: AppealInput, channel: 'web' | 'api') {
  const files = evidenceUploadsOf(request);
  const filed = await submitAppeal(deps, contextOf(request, deps.clock), input, files, channel);
  return { ...filed, trackUrl: `${deps.config.publicUrl}/appeal/${filed.ticket}` };
}

/** Decide an appeal in a transaction, then bring this process's index up to date at once. */
export async function decideAndCatchUp(deps: ReputationDeps, ctx: Context, appealId: string, input: DecisionInput): Promise<{ revoked: number }> {
  const result = await deps.database.transaction((tx) => decideAppeal(tx, ctx, appealId, input, { notifier: deps.notifier }));
  await deps.live.catchUp(deps.database.db);
  return result;
}
