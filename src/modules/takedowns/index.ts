// Public surface of the takedowns module (gỡ bỏ / chặn): requests with legal deadlines, the
// recipient's answers, the sweeps, and the public transparency database.
export { issueTakedown, type IssueInput } from './issue.ts';
export { acknowledgeRequests, answerRequest, answerAndTell, withdrawRequest, type AnswerInput } from './answers.ts';
export { listInbox, listIssued, requestDetail, type ListQuery, type RequestPage } from './queries.ts';
export { sweepTakedowns, type SweepResult } from './sweep.ts';
export { escalationTemplate } from './escalation.ts';
export { searchStatements, allStatementsBetween, figuresByOrganization, ownFigures, type OrganizationFigures } from './transparency.ts';
export { suggestRecipients, listOperatedDomains, addOperatedDomain, removeOperatedDomain } from './recipients.ts';
export * from './model.ts';
export { registerTakedownRoutes, type TakedownDeps } from './routes.ts';
export { noticeTemplates } from './notices.ts';
export { registerTransparencyRoutes, platformTable } from './transparency-routes.ts';
export { registerTakedownPages } from './pages/index.ts';
export type { RequestRow, EventRow, StatementRow, OperatedDomainRow } from './repository.ts';
export { subscribeTakedowns } from './complaints.ts';
export { registerTakedownAppeals, appellantTemplate, appealFiguresByOrganization, RESTORE_EVENT, type AppealDeps, type AppealFigures } from './appeals/index.ts';
