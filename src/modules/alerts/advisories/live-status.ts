// The status, now, of the indicators an advisory links to, so a page always says whether a listing
// still stands. This process's live lookup index (the reputation module's public surface) holds
// active listings only: one there and within its expiry is in force; one there but past its expiry
// has expired (the worker has not marked it yet). One not there has left the list, and the
// indicators table says how: revoked or expired (`LiveIndex.statusesOfMissing`, one query for a
// whole page of advisories).
// A listing that has left no longer names its value: a revoked one may have been a mistake.
import type { Db } from '../../../core/db.ts';
import type { Locale } from '../../../core/i18n.ts';
import type { IndexedIndicator, LiveIndex } from '../../reputation/index.ts';

export const INDICATOR_STATES = ['active', 'expired', 'revoked', 'not_listed'] as const;
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

/**
 * The stored status of each linked indicator the live index does not hold (revoked, expired), by
 * id. One listed a moment ago by another process reads as not listed until the index catches up.
 */
export type SettledStates = ReadonlyMap<string, string>;

function leftState(status: string | undefined): IndicatorState {
  return status === 'revoked' || status === 'expired' ? status : 'not_listed';
}

/** The live status of each id, in the advisory's order. */
export function linkedIndicators(live: LiveIndex, ids: readonly string[], now: Date, settled: SettledStates): LinkedIndicator[] {
  return ids.map((id) => {
    const indicator = live.index.get(id);
    if (indicator === undefined) return { id, state: leftState(settled.get(id)), type: null, value: null, verdict: null, expiresAt: null };
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

/** The live status of one advisory's linked indicators, asking the database how the missing ones left. */
export async function readLinkedIndicators(db: Db, live: LiveIndex, ids: readonly string[], now: Date): Promise<LinkedIndicator[]> {
  return linkedIndicators(live, ids, now, await live.statusesOfMissing(db, ids));
}

type Words = { vi: string; en: string };

const STATE_WORDS: Record<IndicatorState, Words> = {
  active: { vi: 'Đang bị cảnh báo', en: 'Listed now' },
  expired: { vi: 'Đã hết hạn cảnh báo', en: 'Listing expired' },
  revoked: { vi: 'Đã gỡ khỏi danh sách cảnh báo', en: 'Revoked (delisted)' },
  not_listed: { vi: 'Không có trong danh sách cảnh báo', en: 'Not listed' },
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
