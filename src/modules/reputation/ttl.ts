// How long a listing stays active without re-verification: rules `indicator.ttl.<type>` with
// optional category overrides `indicator.ttl.<type>.<category>` (data, never constants).
import type { Db } from '../../core/db.ts';
import { deadlineOf, ruleFamily, RuleNotFoundError, valueAt, type RuleVersion } from '../rules/index.ts';

export const TTL_RULE_PREFIX = 'indicator.ttl.';

/** Expiry times for listings, resolved against rule versions loaded once (a batch of a million needs no query per row). */
export class TtlPolicy {
  private constructor(private readonly versions: readonly RuleVersion[]) {}

  static async load(db: Db): Promise<TtlPolicy> {
    return new TtlPolicy(await ruleFamily(db, TTL_RULE_PREFIX));
  }

  /**
   * When a listing verified at `at` expires, and the rule version that says so. The first of the
   * listing's categories with an override decides; otherwise the type's rule. Trusted listings
   * and types without a rule do not expire.
   */
  expiryOf(type: string, categories: readonly string[], verdict: string, at: Date): { expiresAt: Date | null; ruleId: string | null } {
    if (verdict === 'trusted') return { expiresAt: null, ruleId: null };
    for (const key of [...categories.map((category) => `${TTL_RULE_PREFIX}${type}.${category}`), `${TTL_RULE_PREFIX}${type}`]) {
      const version = this.versionAt(key, at);
      if (version !== null) return { expiresAt: deadlineOf(version, at), ruleId: version.id };
    }
    return { expiresAt: null, ruleId: null };
  }

  private versionAt(key: string, at: Date): RuleVersion | null {
    try {
      return valueAt(this.versions, key, at);
    } catch (error) {
      if (error instanceof RuleNotFoundError) return null;
      throw error;
    }
  }
}
