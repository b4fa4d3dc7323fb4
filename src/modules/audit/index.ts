/** The audit module's public surface. */
export { appendAuditEntry, queuedAuditInsert, listAuditEntries, readAuditHead, type AuditActor, type AuditEntry, type AuditFilter, type AuditInput } from './repository.ts';
export { verifyAuditChain, type ChainProblem, type VerifyResult } from './verify.ts';
export { drainAuditQueue } from './drain.ts';
export { auditLog } from './tables.ts';
