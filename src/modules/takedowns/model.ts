// The vocabulary of takedown and blocking requests (yêu cầu gỡ bỏ / chặn): kinds, actions,
// the lifecycle and which step may follow which, limits, and the rule each clock runs on.

/**
 * Where a request comes from: the authority (a notice to a platform, telecom, host or registrar)
 * or a citizen's report routed to the platform that runs the target (a user complaint).
 */
export const REQUEST_KINDS = ['authority_request', 'user_complaint'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** What the recipient is asked to do. */
export const ACTIONS = ['remove_content', 'suspend_account', 'block_domain', 'block_ip'] as const;
export type TakedownAction = (typeof ACTIONS)[number];

/** Blocking is asked of telecoms; the other actions of whoever runs the content. */
export const BLOCKING_ACTIONS: readonly TakedownAction[] = ['block_domain', 'block_ip'];

/**
 * issued → delivered (the recipient's inbox, API or webhook received it) → acknowledged →
 * actioned | partially_actioned | declined; withdrawn by the authority while still open.
 * Overdue is not a status: a request past its deadline keeps its step and gets `overdueAt`.
 */
export const STATUSES = ['issued', 'delivered', 'acknowledged', 'actioned', 'partially_actioned', 'declined', 'withdrawn'] as const;
export type TakedownStatus = (typeof STATUSES)[number];

/** The steps after which nothing more is asked of the recipient. */
export const CLOSED_STATUSES: readonly TakedownStatus[] = ['actioned', 'partially_actioned', 'declined', 'withdrawn'];
export const OPEN_STATUSES: readonly TakedownStatus[] = ['issued', 'delivered', 'acknowledged'];

/** How the recipient answers. */
export const OUTCOMES = ['actioned', 'partially_actioned', 'declined'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Input limits of one request and one answer. */
export const TAKEDOWN_LIMITS = {
  targets: 50,
  value: 2000,
  statement: 5000,
  legalBasis: 500,
  note: 5000,
  proof: 2000,
  reasonMin: 3,
  evidenceLinks: 10,
  bulk: 200,
  pageSize: 100,
} as const;

/**
 * The rule whose clock a request runs on. An urgent authority request uses the urgent rule when a
 * version of it is in force at issue time (from 2026-08-19); before that, the ordinary one.
 */
export function deadlineRuleKeys(kind: RequestKind, urgent: boolean): string[] {
  if (kind === 'user_complaint') return ['takedown.user_complaint'];
  return urgent ? ['takedown.authority_request_urgent', 'takedown.authority_request'] : ['takedown.authority_request'];
}

/** What a notice to the recipient is about: a new request, or an upheld appeal asking it to restore. */
export const NOTICE_EVENTS = { issued: 'takedown.issued', restore: 'takedown.restore' } as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[keyof typeof NOTICE_EVENTS];

/** The rule that says how long before the deadline the recipient is reminded. */
export const REMINDER_RULE = 'takedown.reminder_before';

/** Where staff and the recipient open an evidence file of a request. */
export const takedownEvidenceUrl = (id: string) => `/takedowns/evidence/${id}`;

/** A request's public reference: `YC-` (yêu cầu) and its number, zero-padded to six digits. */
export function referenceOf(number: number): string {
  return `YC-${String(number).padStart(6, '0')}`;
}
