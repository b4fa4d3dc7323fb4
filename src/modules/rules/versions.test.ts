import { describe, it, expect } from 'vitest';
import { seedRuleVersions, vnDate } from './seed.ts';
import { RuleNotFoundError, validateNewVersion, valueAt } from './versions.ts';
import type { NewRuleVersion, RuleVersion } from './versions.ts';

const versions = seedRuleVersions();
const vn = (local: string): Date => new Date(`${local}+07:00`);

function buildVersion(overrides: Partial<RuleVersion> = {}): RuleVersion {
  return {
    id: 'v1',
    key: 'takedown.authority_request',
    value: 24,
    unit: 'hours',
    validFrom: vnDate('2024-12-25'),
    validTo: null,
    citation: 'Decree 147/2024/NĐ-CP',
    ...overrides,
  };
}

describe('valueAt', () => {
  it('switches takedown.authority_request from 3 h to 24 h at local midnight on 2024-12-25', () => {
    expect(valueAt(versions, 'takedown.authority_request', vn('2024-12-24T12:00:00')).value).toBe(3);
    expect(valueAt(versions, 'takedown.authority_request', vn('2024-12-24T23:59:59.999')).value).toBe(3);
    const current = valueAt(versions, 'takedown.authority_request', vn('2024-12-25T00:00:00'));
    expect(current.value).toBe(24);
    expect(current.citation).toBe('Decree 147/2024/NĐ-CP');
    expect(valueAt(versions, 'takedown.authority_request', vn('2018-04-15T00:00:00')).value).toBe(3);
  });

  it('throws RuleNotFoundError before the first version', () => {
    const instant = vn('2018-04-14T12:00:00');
    expect(() => valueAt(versions, 'takedown.authority_request', instant)).toThrow(RuleNotFoundError);
    try {
      valueAt(versions, 'takedown.authority_request', instant);
    } catch (error) {
      expect(error).toMatchObject({ key: 'takedown.authority_request', instant, code: 'RULE_NOT_FOUND' });
    }
  });

  it('throws RuleNotFoundError for an unknown key', () => {
    expect(() => valueAt(versions, 'takedown.nonexistent', vn('2025-01-01T00:00:00'))).toThrow(RuleNotFoundError);
  });

  it('moves breach notification from "72 h from occurrence" to "72 h from discovery" on 2026-01-01', () => {
    const old = valueAt(versions, 'breach.notify_authority', vn('2025-12-31T23:59:00'));
    expect(old.value).toEqual({ hours: 72, clock_starts_at: 'occurrence' });
    expect(old.citation).toMatch(/Decree 13\/2023/);
    const current = valueAt(versions, 'breach.notify_authority', vn('2026-01-01T00:00:00'));
    expect(current.value).toEqual({ hours: 72, clock_starts_at: 'discovery' });
    expect(current.citation).toMatch(/Law 91\/2025/);
    expect(() => valueAt(versions, 'breach.notify_authority', vn('2023-06-30T23:59:59'))).toThrow(RuleNotFoundError);
  });

  it('lets the latest validFrom win where versions overlap, whatever the row order', () => {
    const old = buildVersion({ id: 'old', value: 3, validFrom: vnDate('2018-04-15'), validTo: null });
    const newer = buildVersion({ id: 'new', value: 24, validFrom: vnDate('2024-12-25') });
    for (const rows of [
      [old, newer],
      [newer, old],
    ]) {
      expect(valueAt(rows, 'takedown.authority_request', vn('2025-06-01T00:00:00')).id).toBe('new');
      expect(valueAt(rows, 'takedown.authority_request', vn('2020-06-01T00:00:00')).id).toBe('old');
    }
  });

  it('treats validTo as exclusive', () => {
    const closed = buildVersion({ validFrom: vnDate('2025-01-01'), validTo: vnDate('2025-02-01') });
    expect(valueAt([closed], closed.key, new Date(vnDate('2025-02-01').getTime() - 1)).id).toBe('v1');
    expect(() => valueAt([closed], closed.key, vnDate('2025-02-01'))).toThrow(RuleNotFoundError);
  });
});

describe('validateNewVersion', () => {
  const candidate = (overrides: Partial<NewRuleVersion> = {}): NewRuleVersion => {
    const { id: _id, ...rest } = buildVersion({ validFrom: vnDate('2027-01-01'), ...overrides });
    return rest;
  };
  const codes = (c: NewRuleVersion, existing: readonly RuleVersion[] = versions): string[] =>
    validateNewVersion(existing, c).map((p) => p.code);

  it('accepts a well-formed version', () => {
    expect(validateNewVersion(versions, candidate())).toEqual([]);
  });

  it('rejects an empty or reversed validity range', () => {
    expect(codes(candidate({ validTo: vnDate('2027-01-01') }))).toEqual(['RULE_VALID_RANGE_EMPTY']);
    expect(codes(candidate({ validTo: vnDate('2026-12-31') }))).toEqual(['RULE_VALID_RANGE_EMPTY']);
    expect(codes(candidate({ validFrom: new Date('x') }))).toContain('RULE_VALID_FROM_INVALID');
  });

  it('requires a citation', () => {
    expect(codes(candidate({ citation: '   ' }))).toEqual(['RULE_CITATION_MISSING']);
  });

  it('requires a known unit', () => {
    expect(codes(candidate({ unit: 'weeks' }))).toEqual(['RULE_UNIT_UNKNOWN']);
  });

  it.each(['takedown', 'Takedown.x', 'takedown.', '1a.b', 'takedown..x', 'takedown.Authority', 'a-b.c'])(
    'rejects the key %j',
    (key) => {
      expect(codes(candidate({ key }))).toContain('RULE_KEY_FORMAT');
    },
  );

  it.each(['a.b', 'assessment.period.level3_4', 'dsr.delete'])('accepts the key %j', (key) => {
    expect(codes(candidate({ key }))).not.toContain('RULE_KEY_FORMAT');
  });

  it('rejects unusable values', () => {
    expect(codes(candidate({ value: -1 }))).toEqual(['RULE_VALUE_INVALID']);
    expect(codes(candidate({ value: Number.NaN }))).toEqual(['RULE_VALUE_INVALID']);
    expect(codes(candidate({ value: 120, unit: 'percent' }))).toEqual(['RULE_VALUE_INVALID']);
    expect(codes(candidate({ value: {} }))).toEqual(['RULE_VALUE_INVALID']);
    expect(codes(candidate({ value: { hours: 72 } }))).toEqual([]);
  });

  it('rejects a second version of a key starting at the same instant', () => {
    expect(codes(candidate({ validFrom: vnDate('2024-12-25') }))).toEqual(['RULE_VALID_FROM_DUPLICATE']);
    expect(codes(candidate({ key: 'takedown.user_complaint', validFrom: vnDate('2018-04-15') }))).toEqual([]);
  });

  it('lists every problem at once', () => {
    const bad = candidate({ key: 'x', unit: 'weeks', citation: '', validTo: vnDate('2020-01-01') });
    expect(codes(bad).sort()).toEqual(
      ['RULE_CITATION_MISSING', 'RULE_KEY_FORMAT', 'RULE_UNIT_UNKNOWN', 'RULE_VALID_RANGE_EMPTY'].sort(),
    );
  });
});
