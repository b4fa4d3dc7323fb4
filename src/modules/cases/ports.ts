import type { Db } from '../../core/db.ts';

/** A report as staff see it on a case page: no contact details, only whether one was given. */
export type StaffReportView = {
  id: string;
  createdAt: Date;
  category: string;
  description: string;
  provinceCode: string | null;
  channel: string;
  locale: string;
  hasContact: boolean;
  targets: { type: string; value: string; display: string; flags: string[] }[];
  evidence: { id: string; contentType: string; size: number; fileName: string }[];
  replies: { body: string; at: Date }[];
};

/**
 * What the cases module needs from the reports module, injected by the
 * composition root (cases never import reports: reports import cases).
 */
export type CaseReportsReader = {
  /** The reports of a case, newest first, at most `limit`. */
  reportsOfCase(db: Db, caseId: string, limit: number): Promise<StaffReportView[]>;
};
