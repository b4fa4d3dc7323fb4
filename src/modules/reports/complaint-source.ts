// What other modules learn of a report when it is grouped: the `report.grouped` payload, and what a
// complaint routed to a platform may carry (the contact only with the reporter's consent).
import type { Db } from '../../core/db.ts';
import { findReport } from './repository.ts';

/** What a routed complaint carries from its report: the description, and the contact only when the reporter agreed (still encrypted). */
export async function complaintSourceOf(db: Db, reportId: string): Promise<{ description: string; sharedContactCiphertext: string | null } | null> {
  const report = await findReport(db, reportId);
  if (report === null) return null;
  return { description: report.description, sharedContactCiphertext: report.shareContact ? report.contactCiphertext : null };
}

/** The payload of `report.grouped`: a report is in its case. */
export type ReportGrouped = { reportId: string; caseId: string; category: string; targets: { type: string; value: string }[] };
