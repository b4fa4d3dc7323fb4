/** The reports module's public surface. */
import type { Db } from '../../core/db.ts';
import { findReport } from './repository.ts';
export { reportJobs, subscribeReports, notifyReporterJob } from './jobs.ts';
export { registerReportsRoutes, buildIntake, presentStatus, type ReportsDeps } from './routes.ts';
export { caseReportsReader } from './staff-view.ts';
export { prepareReport, submitReport, type ReportInput, type PreparedReport } from './intake.ts';
export { trackReport, answerQuestion, historyLine, statusText, type TrackingView } from './tracking.ts';
export { PROVINCES, resolveProvince, provinceName, type Province } from '../../core/provinces.ts';
export { REPORT_LIMITS, normalizeTicket, PUBLIC_STATUSES, type PublicStatus } from './model.ts';
export { groupPendingReports } from './grouper.ts';
// Shared with the reputation module's appeal form: the same evidence checks and store, the same anti-bot stamp.
export { storeEvidence, type StoredEvidence } from './evidence.ts';
export { issueFormStamp, checkFormStamp } from './abuse.ts';

/** What a routed complaint carries from its report: the description, and the contact only when the reporter agreed (still encrypted). */
export async function complaintSourceOf(db: Db, reportId: string): Promise<{ description: string; sharedContactCiphertext: string | null } | null> {
  const report = await findReport(db, reportId);
  if (report === null) return null;
  return { description: report.description, sharedContactCiphertext: report.shareContact ? report.contactCiphertext : null };
}

/** The payload of `report.grouped`: a report is in its case. */
export type ReportGrouped = { reportId: string; caseId: string; category: string; targets: { type: string; value: string }[] };
