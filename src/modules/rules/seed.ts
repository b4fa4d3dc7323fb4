// The seed rule set of BRIEF §5, as data. Dates are Vietnam-local calendar dates:
// a law "in force from 2024-12-25" is in force from 00:00 UTC+7 that day, so
// validFrom '2024-12-25' is the instant 2024-12-24T17:00:00Z (see vnDate).
// validTo is exclusive: the first local day the version no longer applies.
//
// Values are a number in `unit`, or an object whose field names carry their own
// units (snake_case, as stored in the database JSON).

import { vnDate } from './calendar.ts';
import type { RuleValue, RuleVersion } from './versions.ts';

export { vnDate };

/** Units a rule value may be expressed in. */
export const RULE_UNITS = ['hours', 'days', 'working_days', 'months', 'annual_date', 'percent'] as const;

/** A rule unit. */
export type RuleUnit = (typeof RULE_UNITS)[number];

/** One seed row: validFrom/validTo are Vietnam-local 'YYYY-MM-DD' dates (validTo exclusive, null = open-ended). */
export type SeedRule = {
  key: string;
  value: RuleValue;
  unit: RuleUnit;
  validFrom: string;
  validTo: string | null;
  citation: string;
  note: string;
};

/** The rule versions the system starts with (BRIEF §5); admins add later versions as data. */
export const SEED_RULES: readonly SeedRule[] = [
  {
    key: 'takedown.authority_request',
    value: 3,
    unit: 'hours',
    validFrom: '2018-04-15',
    validTo: '2024-12-25',
    citation: 'Decree 27/2018/NĐ-CP',
    note: 'Remove content within 3 h of an authority request (Decree 72/2013 as amended by Decree 27/2018); superseded by Decree 147/2024.',
  },
  {
    key: 'takedown.authority_request',
    value: 24,
    unit: 'hours',
    validFrom: '2024-12-25',
    validTo: null,
    citation: 'Decree 147/2024/NĐ-CP',
    note: 'Remove or block within 24 h of a request from the competent authority.',
  },
  {
    key: 'takedown.authority_request_urgent',
    value: 6,
    unit: 'hours',
    validFrom: '2026-08-19',
    validTo: null,
    citation: 'Decree 333/2026/NĐ-CP Art. 16',
    note: 'Urgent requests (e.g. threats to national security or public order).',
  },
  {
    key: 'takedown.user_complaint',
    value: 48,
    unit: 'hours',
    validFrom: '2024-12-25',
    validTo: null,
    citation: 'Decree 147/2024/NĐ-CP',
    note: 'Handle a user complaint about unlawful content within 48 h.',
  },
  {
    key: 'takedown.reminder_before',
    value: 2,
    unit: 'hours',
    validFrom: '2024-12-25',
    validTo: null,
    citation: 'Directive 49/CT-BTTTT §1 (follow-up set by the authority)',
    note: 'Service level, not a statutory deadline: the recipient of an open request is reminded this long before its deadline. The authority sets the hours here.',
  },
  {
    key: 'account.lock_temporary',
    value: {
      thresholds: [
        { violations: 5, window_days: 30 },
        { violations: 10, window_days: 90 },
      ],
      lock_days: { min: 7, max: 30 },
    },
    unit: 'days',
    validFrom: '2024-12-25',
    validTo: null,
    citation: 'Decree 147/2024/NĐ-CP',
    note: 'Temporary lock of 7–30 days for an account with ≥5 violations in 30 days or ≥10 in 90 days; any threshold triggers.',
  },
  {
    key: 'breach.notify_authority',
    value: { hours: 72, clock_starts_at: 'occurrence' },
    unit: 'hours',
    validFrom: '2023-07-01',
    validTo: '2026-01-01',
    citation: 'Decree 13/2023/NĐ-CP Art. 23',
    note: 'Notify the authority within 72 h of the breach occurring. Last day in force: 2025-12-31.',
  },
  {
    key: 'breach.notify_authority',
    value: { hours: 72, clock_starts_at: 'discovery' },
    unit: 'hours',
    validFrom: '2026-01-01',
    validTo: null,
    citation: 'Law 91/2025/QH15 Art. 23; Decree 356/2025/NĐ-CP Art. 28',
    note: 'Notify the authority within 72 h of discovering the breach.',
  },
  {
    key: 'dsr.acknowledge',
    value: 2,
    unit: 'working_days',
    validFrom: '2026-01-01',
    validTo: null,
    citation: 'Decree 356/2025/NĐ-CP Art. 5',
    note: 'Acknowledge a data-subject request within 2 working days of receipt.',
  },
  {
    key: 'dsr.view_correct_provide',
    value: { days: 10, extension_days: 10 },
    unit: 'days',
    validFrom: '2026-01-01',
    validTo: null,
    citation: 'Decree 356/2025/NĐ-CP Art. 5(3)',
    note: 'View, correct or provide data within 10 days, extendable once by 10 days.',
  },
  {
    key: 'dsr.withdraw_restrict_object',
    value: { days: 15, extension_days: 15 },
    unit: 'days',
    validFrom: '2026-01-01',
    validTo: null,
    citation: 'Decree 356/2025/NĐ-CP Art. 5(2)',
    note: 'Withdraw consent, restrict or object to processing within 15 days, extendable once by 15 days.',
  },
  {
    key: 'dsr.delete',
    value: { days: 20, extension_days: 20 },
    unit: 'days',
    validFrom: '2026-01-01',
    validTo: null,
    citation: 'Decree 356/2025/NĐ-CP Art. 5(4)',
    note: 'Delete data within 20 days, extendable once by 20 days.',
  },
  {
    key: 'assessment.period.level3_4',
    value: 12,
    unit: 'months',
    validFrom: '2016-07-01',
    validTo: null,
    citation: 'Decree 85/2016/NĐ-CP Art. 20; Directive 14/CT-TTg',
    note: 'Assess level 3–4 systems at least yearly. Decree 331/2026 replaces Decree 85/2016 from 2026-08-19: check whether it changes this period and add a version if so.',
  },
  {
    key: 'assessment.period.level5',
    value: 6,
    unit: 'months',
    validFrom: '2016-07-01',
    validTo: null,
    citation: 'Decree 85/2016/NĐ-CP Art. 20; Directive 14/CT-TTg',
    note: 'Assess level 5 systems at least every 6 months. Same Decree 331/2026 caveat as level 3–4.',
  },
  {
    key: 'report.level3_4_due',
    value: { month: 12, day: 14 },
    unit: 'annual_date',
    validFrom: '2019-06-07',
    validTo: null,
    citation: 'Directive 14/CT-TTg 1(d)',
    note: 'Yearly report on level 3–4 systems due 14 December.',
  },
  {
    key: 'report.level5_due',
    value: {
      dates: [
        { month: 6, day: 14 },
        { month: 12, day: 14 },
      ],
    },
    unit: 'annual_date',
    validFrom: '2019-06-07',
    validTo: null,
    citation: 'Directive 14/CT-TTg 1(d)',
    note: 'Half-yearly report on level 5 systems due 14 June and 14 December.',
  },
  {
    key: 'annual_report.owner_due',
    value: { month: 12, day: 25, data_period_end: { month: 12, day: 14 } },
    unit: 'annual_date',
    validFrom: '2026-08-19',
    validTo: null,
    citation: 'Decree 331/2026/NĐ-CP Art. 35–36',
    note: "System owner's annual report due 25 December, covering data up to 14 December.",
  },
  {
    key: 'incident.initial_notice_serious',
    value: 24,
    unit: 'hours',
    validFrom: '2026-08-19',
    validTo: null,
    citation: 'Decree 331/2026/NĐ-CP Art. 31',
    note: 'Initial notice of a serious incident within 24 h.',
  },
  {
    key: 'incident.full_report',
    value: 72,
    unit: 'hours',
    validFrom: '2026-08-19',
    validTo: null,
    citation: 'Decree 331/2026/NĐ-CP Art. 31',
    note: 'Full incident report within 72 h.',
  },
  {
    key: 'budget.security_share_min',
    value: 10,
    unit: 'percent',
    validFrom: '2019-06-07',
    validTo: null,
    citation: 'Directive 14/CT-TTg 1(e)',
    note: 'At least 10 % of the IT budget goes to information security.',
  },
  {
    key: 'case.first_review',
    value: 24,
    unit: 'hours',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (service level set by the authority)',
    note: 'Service level, not a statutory deadline: a new case gets its first review by staff within 24 h. The directive asks reports to be received and handled promptly; the authority sets the hours here.',
  },
  {
    key: 'indicator.ttl.url',
    value: 90,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. A phishing or scam URL is usually taken down or abandoned within weeks; re-verification or a new report extends it.',
  },
  {
    key: 'indicator.ttl.domain',
    value: 180,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Domains outlive single URLs; a new owner can appeal sooner.',
  },
  {
    key: 'indicator.ttl.ip',
    value: 30,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Addresses are reassigned often (shared hosting, dynamic ranges).',
  },
  {
    key: 'indicator.ttl.phone',
    value: 365,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Scam numbers stay in use for long; a recycled number is delisted by appeal.',
  },
  {
    key: 'indicator.ttl.bank_account',
    value: 365,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Mule accounts stay in use for long; a closed account is delisted by appeal.',
  },
  {
    key: 'indicator.ttl.social_account',
    value: 180,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Accounts are renamed and sold; re-verification extends it.',
  },
  {
    key: 'indicator.ttl.email',
    value: 180,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Sender addresses rotate more slowly than URLs.',
  },
  {
    key: 'indicator.ttl.file_hash',
    value: 730,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. A file hash never changes meaning: malware stays malware.',
  },
  {
    key: 'indicator.ttl.text',
    value: 90,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Scam message templates change with campaigns.',
  },
  {
    key: 'indicator.ttl.ip.malware',
    value: 14,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Botnet and malware addresses churn fastest (category override of indicator.ttl.ip).',
  },
  {
    key: 'indicator.ttl.domain.gambling',
    value: 365,
    unit: 'days',
    validFrom: '2021-05-26',
    validTo: null,
    citation: 'Directive 22/CT-BTTTT §3a (listing policy set by the authority)',
    note: 'How long a listing stays active without re-verification. Gambling sites keep their domains for long (category override of indicator.ttl.domain).',
  },
];

/** The seed rows as RuleVersions, with stable ids '<key>@<validFrom>' so re-seeding is idempotent. */
export function seedRuleVersions(seed: readonly SeedRule[] = SEED_RULES): RuleVersion[] {
  return seed.map((rule) => ({
    id: `${rule.key}@${rule.validFrom}`,
    key: rule.key,
    value: rule.value,
    unit: rule.unit,
    validFrom: vnDate(rule.validFrom),
    validTo: rule.validTo === null ? null : vnDate(rule.validTo),
    citation: rule.citation,
  }));
}
