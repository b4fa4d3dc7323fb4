// Automatic hints for the reviewers, computed from this process's live index: is any applied
// domain covered by a dangerous or suspicious listing, and does any look like another name?
// Hints inform a finding; a person still records it. Nothing is fetched from the applicant.
import { parseTarget, TargetError } from '../../targets/index.ts';
import type { LiveIndex } from '../live-index.ts';
import type { AutomaticHint } from './criteria.ts';

/** One thing a reviewer should look at. */
export type HintItem = {
  domain: string;
  /** listed: a dangerous or suspicious listing covers the domain; lookalike: the name imitates another. */
  kind: 'listed' | 'lookalike';
  /** The listing's value, or the look-alike's plain-ASCII reading. */
  value: string;
  verdict: string | null;
  categories: string[];
  source: string | null;
};

export type Hint = { kind: AutomaticHint; clear: boolean; items: HintItem[] };

/** Categories that point at phishing rather than any other harm. */
const PHISHING_CATEGORIES: ReadonlySet<string> = new Set(['phishing', 'impersonation', 'scam']);

/** The hint of each automatic kind for these domains, as of `now`. */
export function automaticHints(live: LiveIndex, domains: readonly string[], now: number): Record<AutomaticHint, Hint> {
  const blocklist: HintItem[] = [];
  const phishing: HintItem[] = [];
  for (const domain of domains) {
    let target;
    try {
      target = parseTarget(domain, 'domain');
    } catch (error) {
      if (error instanceof TargetError) continue;
      throw error;
    }
    for (const { indicator } of live.lookup(target, now)) {
      if (indicator.verdict === 'trusted') continue;
      const item: HintItem = { domain, kind: 'listed', value: indicator.value, verdict: indicator.verdict, categories: [...indicator.categories], source: indicator.source };
      blocklist.push(item);
      if (indicator.categories.some((c) => PHISHING_CATEGORIES.has(c))) phishing.push(item);
    }
    if (target.flags.includes('confusable') || target.flags.includes('mixed_script')) {
      phishing.push({ domain, kind: 'lookalike', value: target.details.skeleton ?? domain, verdict: null, categories: [], source: null });
    }
  }
  return {
    blocklist: { kind: 'blocklist', clear: blocklist.length === 0, items: blocklist },
    phishing: { kind: 'phishing', clear: phishing.length === 0, items: phishing },
  };
}
