/**
 * Report categories (API codes of BRIEF §6) with their labels and the severity
 * that weighs a case in the triage queue (5 = most urgent).
 */
export const CATEGORIES = {
  scam: { vi: 'Lừa đảo', en: 'Scam or fraud', severity: 4 },
  phishing: { vi: 'Giả mạo đăng nhập (phishing)', en: 'Phishing', severity: 4 },
  fake_news: { vi: 'Tin giả', en: 'Fake news', severity: 3 },
  defamation: { vi: 'Xúc phạm, vu khống', en: 'Defamation or insult', severity: 2 },
  privacy: { vi: 'Xâm phạm đời tư', en: 'Privacy invasion', severity: 3 },
  illegal_content: { vi: 'Nội dung vi phạm pháp luật', en: 'Illegal content', severity: 3 },
  malware: { vi: 'Mã độc', en: 'Malware', severity: 4 },
  data_leak: { vi: 'Lộ lọt dữ liệu', en: 'Data leak', severity: 4 },
  impersonation: { vi: 'Giả mạo', en: 'Impersonation', severity: 3 },
  gambling: { vi: 'Cờ bạc', en: 'Gambling', severity: 2 },
  child_safety: { vi: 'An toàn trẻ em', en: 'Child safety', severity: 5 },
  other: { vi: 'Khác', en: 'Other', severity: 1 },
} as const;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as Category[];

/** Categories whose decisions restrict speech: they take effect only after a supervisor approves. */
export const NEEDS_APPROVAL: readonly Category[] = ['fake_news', 'defamation'];

/** The label of a category in a locale. */
export function categoryLabel(code: string, locale: 'vi' | 'en'): string {
  return code in CATEGORIES ? CATEGORIES[code as Category][locale] : code;
}

/** The highest severity among categories. */
export function severityOf(categories: readonly string[]): number {
  return Math.max(1, ...categories.map((c) => (c in CATEGORIES ? CATEGORIES[c as Category].severity : 1)));
}

/** Case statuses; what reporters see is derived from these (reports/tracking.ts). */
export const CASE_STATUSES = ['new', 'in_review', 'more_info', 'pending_approval', 'verified', 'rejected', 'duplicate'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'in_review', 'more_info', 'pending_approval'];

export const OUTCOMES = ['verified', 'rejected', 'more_info', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const VERDICTS = ['dangerous', 'suspicious'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** DSA decision grounds: illegal content, or incompatible with terms of service. */
export const DECISION_GROUNDS = ['illegal_content', 'terms_of_service'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];
