import { describe, it, expect } from 'vitest';
import { RULE_UNITS, SEED_RULES, seedRuleVersions, vnDate } from './seed.ts';
import { validateNewVersion } from './versions.ts';
import type { RuleVersion } from './versions.ts';

describe('vnDate', () => {
  it('is 00:00 in Vietnam (UTC+7) on that date', () => {
    expect(vnDate('2024-12-25').toISOString()).toBe('2024-12-24T17:00:00.000Z');
    expect(vnDate('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(() => vnDate('2024-13-01')).toThrow(RangeError);
  });
});

describe('SEED_RULES', () => {
  it('holds every row of the BRIEF §5 table, then the service levels the product adds', () => {
    const rows = SEED_RULES.map((r) => `${r.key} ${r.validFrom}`);
    expect(rows).toEqual([
      'takedown.authority_request 2018-04-15',
      'takedown.authority_request 2024-12-25',
      'takedown.authority_request_urgent 2026-08-19',
      'takedown.user_complaint 2024-12-25',
      'takedown.reminder_before 2024-12-25',
      'account.lock_temporary 2024-12-25',
      'breach.notify_authority 2023-07-01',
      'breach.notify_authority 2026-01-01',
      'dsr.acknowledge 2026-01-01',
      'dsr.view_correct_provide 2026-01-01',
      'dsr.withdraw_restrict_object 2026-01-01',
      'dsr.delete 2026-01-01',
      'assessment.period.level3_4 2016-07-01',
      'assessment.period.level5 2016-07-01',
      'report.level3_4_due 2019-06-07',
      'report.level5_due 2019-06-07',
      'annual_report.owner_due 2026-08-19',
      'incident.initial_notice_serious 2026-08-19',
      'incident.full_report 2026-08-19',
      'budget.security_share_min 2019-06-07',
      'case.first_review 2021-05-26',
      'indicator.ttl.url 2021-05-26',
      'indicator.ttl.domain 2021-05-26',
      'indicator.ttl.ip 2021-05-26',
      'indicator.ttl.phone 2021-05-26',
      'indicator.ttl.bank_account 2021-05-26',
      'indicator.ttl.social_account 2021-05-26',
      'indicator.ttl.email 2021-05-26',
      'indicator.ttl.file_hash 2021-05-26',
      'indicator.ttl.text 2021-05-26',
      'indicator.ttl.ip.malware 2021-05-26',
      'indicator.ttl.domain.gambling 2021-05-26',
    ]);
  });

  it('passes the same validation an admin-added version would', () => {
    const accepted: RuleVersion[] = [];
    for (const version of seedRuleVersions()) {
      expect(validateNewVersion(accepted, version), version.id).toEqual([]);
      accepted.push(version);
    }
  });

  it('closes superseded versions exactly where their successor starts', () => {
    for (const rule of SEED_RULES.filter((r) => r.validTo !== null)) {
      const successor = SEED_RULES.find((r) => r.key === rule.key && r.validFrom === rule.validTo);
      expect(successor, `${rule.key} after ${String(rule.validTo)}`).toBeDefined();
    }
  });

  it('uses the units and values the brief specifies', () => {
    const byKey = (key: string, from?: string) => SEED_RULES.find((r) => r.key === key && (!from || r.validFrom === from));
    expect(byKey('dsr.acknowledge')).toMatchObject({ value: 2, unit: 'working_days' });
    expect(byKey('dsr.view_correct_provide')).toMatchObject({ value: { days: 10, extension_days: 10 }, unit: 'days' });
    expect(byKey('report.level3_4_due')).toMatchObject({ value: { month: 12, day: 14 }, unit: 'annual_date' });
    expect(byKey('budget.security_share_min')).toMatchObject({ value: 10, unit: 'percent' });
    expect(byKey('assessment.period.level5')).toMatchObject({ value: 6, unit: 'months' });
    expect(byKey('takedown.authority_request', '2018-04-15')).toMatchObject({ value: 3, validTo: '2024-12-25' });
    expect(RULE_UNITS).toEqual(expect.arrayContaining([...new Set(SEED_RULES.map((r) => r.unit))]));
  });

  it('gives seed versions stable ids and Vietnam-midnight boundaries', () => {
    const [first] = seedRuleVersions();
    expect(first?.id).toBe('takedown.authority_request@2018-04-15');
    expect(first?.validFrom.toISOString()).toBe('2018-04-14T17:00:00.000Z');
    expect(first?.validTo?.toISOString()).toBe('2024-12-24T17:00:00.000Z');
  });
});
