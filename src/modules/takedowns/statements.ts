// The statement of reasons an actioned request publishes, in the EU DSA transparency database's
// vocabulary (its field values), so tools written for that database read ours. Built from the
// request alone: category, legal basis, the authority's reasons, the kinds of content — never a
// target value, a reporter or a person's name.
import type { TakedownAction } from './model.ts';
import type { RequestRow, StatementRow } from './repository.ts';

/** Our report categories as DSA statement categories. */
export const DSA_CATEGORY: Record<string, string> = {
  scam: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  phishing: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  impersonation: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  fake_news: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
  defamation: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  illegal_content: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  privacy: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  data_leak: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  malware: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  gambling: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
  child_safety: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  other: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
};

/** What each action restricts, as DSA decision fields. */
const DECISIONS: Record<TakedownAction, Pick<StatementRow, 'decisionVisibility' | 'decisionAccount' | 'decisionProvision'>> = {
  remove_content: { decisionVisibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decisionAccount: null, decisionProvision: null },
  suspend_account: { decisionVisibility: [], decisionAccount: 'DECISION_ACCOUNT_SUSPENDED', decisionProvision: 'DECISION_PROVISION_TOTAL_SUSPENSION' },
  block_domain: { decisionVisibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'], decisionAccount: null, decisionProvision: null },
  block_ip: { decisionVisibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'], decisionAccount: null, decisionProvision: null },
};

/** The DSA content types of a request's targets (a URL is its page's text, a number or account is the account itself). */
const CONTENT_TYPE: Record<string, string> = {
  url: 'CONTENT_TYPE_TEXT',
  text: 'CONTENT_TYPE_TEXT',
  domain: 'CONTENT_TYPE_OTHER',
  ip: 'CONTENT_TYPE_OTHER',
  file_hash: 'CONTENT_TYPE_APP',
  social_account: 'CONTENT_TYPE_OTHER',
  phone: 'CONTENT_TYPE_OTHER',
  bank_account: 'CONTENT_TYPE_OTHER',
  email: 'CONTENT_TYPE_OTHER',
};

/** The statement of an actioned (or partially actioned) request. */
export function statementOf(row: RequestRow, platformName: string, now: Date): Omit<StatementRow, 'id'> {
  const applied = row.actionedAt ?? now;
  return {
    requestId: row.id,
    platformOrgId: row.recipientOrgId,
    platformName,
    ...DECISIONS[row.action as TakedownAction],
    decisionGround: 'DECISION_GROUND_ILLEGAL_CONTENT',
    legalGround: row.legalBasis,
    explanation: row.statement,
    category: DSA_CATEGORY[row.category] ?? 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
    contentType: [...new Set(row.targets.map((t) => CONTENT_TYPE[t.type] ?? 'CONTENT_TYPE_OTHER'))].sort(),
    automatedDetection: false,
    automatedDecision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    // A notice from a user (DSA Art. 16) or the authority's request (another notification).
    sourceType: row.kind === 'user_complaint' ? 'SOURCE_ARTICLE_16' : 'SOURCE_TYPE_OTHER_NOTIFICATION',
    territorialScope: ['VN'],
    outcome: row.status,
    issuedAt: row.issuedAt,
    applicationDate: applied,
    // Answered by the deadline, as the per-organisation figures count it (the action time is the recipient's word).
    onTime: now <= row.dueAt,
    publishedAt: now,
    appealOutcome: null,
  };
}
