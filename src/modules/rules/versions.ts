// Effective-dated rule versions (BRIEF §5). A deadline applies the version in
// force when its clock started, so lookups are by instant, never "current".
// Versions may overlap: a newer law can take effect before anyone closes the old
// row, and the one with the latest validFrom wins — the later law supersedes.

import { RULE_UNITS } from './seed.ts';

/** A rule's value: a number in `unit`, a string, or an object whose fields name their own units. */
export type RuleValue = number | string | Record<string, unknown>;

/** One version of a rule, valid on [validFrom, validTo) — validTo null means open-ended. */
export type RuleVersion = {
  id: string;
  key: string;
  value: RuleValue;
  unit: string;
  validFrom: Date;
  validTo: Date | null;
  citation: string;
};

/** A version as proposed by an admin, before it has an id. */
export type NewRuleVersion = Omit<RuleVersion, 'id'>;

/** Raised when no version of a rule is in force at an instant. */
export class RuleNotFoundError extends Error {
  readonly code = 'RULE_NOT_FOUND';
  constructor(
    readonly key: string,
    readonly instant: Date,
  ) {
    super(`no version of rule ${key} in force at ${Number.isNaN(instant.getTime()) ? 'Invalid Date' : instant.toISOString()}`);
    this.name = 'RuleNotFoundError';
  }
}

/** Dotted lower-case key with at least two segments, e.g. 'takedown.authority_request'. */
export const RULE_KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Whether a version is in force at an instant: validFrom ≤ instant < validTo. */
export function isInForce(version: Pick<RuleVersion, 'validFrom' | 'validTo'>, instant: Date): boolean {
  const t = instant.getTime();
  return version.validFrom.getTime() <= t && (version.validTo === null || t < version.validTo.getTime());
}

/** The version of `key` in force at `instant` (latest validFrom wins on overlap); throws RuleNotFoundError if none. */
export function valueAt(versions: readonly RuleVersion[], key: string, instant: Date): RuleVersion {
  let best: RuleVersion | undefined;
  for (const version of versions) {
    if (version.key !== key || !isInForce(version, instant)) continue;
    // ">=" so that, should two versions share a validFrom (validation forbids it), the later row wins.
    if (!best || version.validFrom.getTime() >= best.validFrom.getTime()) best = version;
  }
  if (!best) throw new RuleNotFoundError(key, instant);
  return best;
}

/** A reason a proposed version cannot be saved. */
export type VersionProblem = {
  field: 'key' | 'unit' | 'value' | 'validFrom' | 'validTo' | 'citation';
  code: string;
  message: string;
};

/** Everything wrong with a proposed version, given the versions already stored; empty when it can be saved. */
export function validateNewVersion(existing: readonly RuleVersion[], candidate: NewRuleVersion): VersionProblem[] {
  const problems: VersionProblem[] = [];
  const add = (field: VersionProblem['field'], code: string, message: string): void => {
    problems.push({ field, code, message });
  };

  if (!RULE_KEY_PATTERN.test(candidate.key)) {
    add('key', 'RULE_KEY_FORMAT', `key must match ${String(RULE_KEY_PATTERN)}, e.g. 'takedown.authority_request'`);
  }
  const units: readonly string[] = RULE_UNITS;
  if (!units.includes(candidate.unit)) {
    add('unit', 'RULE_UNIT_UNKNOWN', `unit must be one of ${RULE_UNITS.join(', ')}`);
  }
  const valueProblem = describeValueProblem(candidate.value, candidate.unit);
  if (valueProblem) add('value', 'RULE_VALUE_INVALID', valueProblem);

  const from = candidate.validFrom.getTime();
  if (Number.isNaN(from)) add('validFrom', 'RULE_VALID_FROM_INVALID', 'validFrom must be a valid date');
  if (candidate.validTo !== null) {
    const to = candidate.validTo.getTime();
    if (Number.isNaN(to)) add('validTo', 'RULE_VALID_TO_INVALID', 'validTo must be a valid date or null');
    else if (!Number.isNaN(from) && from >= to) add('validTo', 'RULE_VALID_RANGE_EMPTY', 'validFrom must be before validTo');
  }
  if (candidate.citation.trim() === '') {
    add('citation', 'RULE_CITATION_MISSING', 'every version needs the legal citation it applies');
  }
  // Two versions of one key starting at the same instant would make valueAt depend on row order.
  if (existing.some((v) => v.key === candidate.key && v.validFrom.getTime() === from)) {
    add('validFrom', 'RULE_VALID_FROM_DUPLICATE', `a version of ${candidate.key} already starts at this instant`);
  }
  return problems;
}

function describeValueProblem(value: unknown, unit: string): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return 'a numeric value must be finite and non-negative';
    if (unit === 'percent' && value > 100) return 'a percentage cannot exceed 100';
    return null;
  }
  if (typeof value === 'string') return value.trim() === '' ? 'a text value cannot be empty' : null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.keys(value).length === 0 ? 'an object value cannot be empty' : null;
  }
  return 'value must be a number, a text, or an object';
}
