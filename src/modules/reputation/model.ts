// The reputation module's vocabulary: verdicts, sources, statuses, and the shape of a listing.
import type { TargetType } from '../targets/index.ts';

export const INDICATOR_VERDICTS = ['dangerous', 'suspicious', 'trusted'] as const;
export type IndicatorVerdict = (typeof INDICATOR_VERDICTS)[number];

/** What the check answers: an indicator's verdict, or unknown when nothing is listed. */
export type CheckVerdict = IndicatorVerdict | 'unknown';

export const INDICATOR_SOURCES = ['case', 'import', 'partner', 'registry', 'staff'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const INDICATOR_STATUSES = ['active', 'expired', 'revoked'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** Lines of an indicator's history. */
export type IndicatorAction = 'listed' | 'updated' | 'reverified' | 'relisted' | 'expired' | 'revoked' | 'reinstated';

/**
 * A listing to apply: one source says this normalised value deserves this verdict. Applying it
 * creates the indicator, updates it, re-verifies it or leaves it alone (see `applyListings`).
 */
export type Listing = {
  type: TargetType;
  /** The normal form from `parseTarget` (a domain may start with `*.`). */
  value: string;
  verdict: IndicatorVerdict;
  categories: readonly string[];
  /** 0–100. */
  confidence: number;
  source: IndicatorSource;
  /** case, import:<feed>, partner:<org id>, registry, staff. */
  sourceKey: string;
  sourceRef?: string | null;
  evidenceUrl?: string | null;
  impersonatedEntityId?: string | null;
  reportCount?: number;
  /** When the source first saw it (a feed's own date); defaults to now. */
  seenAt?: Date | null;
};

/** What applying a batch of listings did. */
export type ApplyResult = { added: number; updated: number; unchanged: number; skipped: number; serial: number };
