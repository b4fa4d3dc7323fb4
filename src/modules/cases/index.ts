/** The cases module's public surface. */
export * from './categories.ts';
export { attachReport, type IncomingReport, type Attachment } from './grouping.ts';
export { listQueue, getCase, noteCaseAction, claimCase, assignCases, assignableStaff, addNote, reporterAnswered, requireCaseVisible, type QueueQuery } from './triage.ts';
export { decideCase, reviewDecision, bulkAction, type DecisionInput } from './decisions.ts';
export { publicStatistics } from './stats.ts';
export { requireCaseScope, inScope, mayUseCases, type CaseScope } from './policy.ts';
export { publicCaseView, publicEvent, type PublicCaseView } from './public-view.ts';
export type { CaseRow, CaseEventRow, DecisionRow } from './repository.ts';
export type { CaseReportsReader, StaffReportView } from './ports.ts';
