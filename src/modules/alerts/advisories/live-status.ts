// The status, now, of the indicators an advisory links to, read from this process's live lookup
// index (the reputation module's public surface), so a page always says whether a listing still
// stands. The index holds active listings only: one that is there and within its expiry is in force;
// one there but past its expiry has expired (the worker has not marked it yet); one not there was
// revoked or has expired — the index cannot tell which, so the page says "no longer listed" and, as
// a revoked listing may have been a mistake, no longer names its value.
import type { Locale } from '../../../core/i18n.ts';
import type { IndexedIndicator, LiveIndex } from '../../reputation/index.ts';

export const INDICATOR_STATES = ['active', 'expired', 'not_listed'] as const;
export type IndicatorState = (typeof INDICATOR_STATES)[number];

/** One linked indicator as a reader sees it. */
export type LinkedIndicator = {
  id: string;
  state: IndicatorState;
  /** While listed: what it is and what the listing says. */
  type: string | null;
  value: string | null;
  verdict: IndexedIndicator['verdict'] | null;
  expiresAt: Date | null;
};

/** The live status of each id, in the advisory's order. */
export function linkedIndicators(live: LiveIndex, ids: readonly string[], now: Date): LinkedIndicator[] {
  return ids.map((id) => {
    const indicator = live.index.get(id);
    if (indicator === undefined) return { id, state: 'not_listed', type: null, value: null, verdict: null, expiresAt: null };
    const expired = indicator.expiresAt !== null && indicator.expiresAt <= now.getTime();
    return {
      id,
      state: expired ? 'expired' : 'active',
      type: indicator.type,
      value: indicator.value,
      verdict: indicator.verdict,
      expiresAt: indicator.expiresAt === null ? null : new Date(indicator.expiresAt),
    };
  });
}

type Words = { vi: string; en: string };

const STATE_WORDS: Record<IndicatorState, Words> = {
  active: { vi: 'Đang bị cảnh báo', en: 'Listed now' },
  expired: { vi: 'Đã hết hạn cảnh báo', en: 'Listing expired' },
  not_listed: { vi: 'Không còn trong danh sách cảnh báo (đã gỡ hoặc hết hạn)', en: 'No longer listed (revoked or expired)' },
};

const VERDICT_WORDS: Record<IndexedIndicator['verdict'], Words> = {
  dangerous: { vi: 'Nguy hiểm', en: 'Dangerous' },
  suspicious: { vi: 'Đáng ngờ', en: 'Suspicious' },
  trusted: { vi: 'Tin cậy', en: 'Trusted' },
};

/** A state in words. */
export function indicatorStateLabel(state: IndicatorState, l: Locale): string {
  return STATE_WORDS[state][l];
}

/** A verdict in words. */
export function verdictLabel(verdict: IndexedIndicator['verdict'], l: Locale): string {
  return VERDICT_WORDS[verdict][l];
}
