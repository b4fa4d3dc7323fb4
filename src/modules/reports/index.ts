/** The reports module's public surface. */
export { subscribeReports, reportStatusTemplate } from './notifications.ts';
export { registerReportsRoutes, buildIntake, presentStatus, type ReportsDeps } from './routes.ts';
export { caseReportsReader } from './staff-view.ts';
export { prepareReport, submitReport, type ReportInput, type PreparedReport } from './intake.ts';
export { trackReport, answerQuestion, historyLine, statusText, type TrackingView } from './tracking.ts';
export { PROVINCES, resolveProvince, provinceName, type Province } from '../../core/provinces.ts';
export { REPORT_LIMITS, normalizeTicket, PUBLIC_STATUSES, type PublicStatus } from './model.ts';
export { groupPendingReports } from './grouper.ts';
// Shared with the reputation module's appeal form: the same evidence checks and store, the same anti-bot stamp.
export { storeEvidence, type StoredEvidence } from './evidence.ts';
export { issueFormStamp, checkFormStamp } from '../../web/form-stamp.ts';

export { complaintSourceOf, type ReportGrouped } from './complaint-source.ts';
