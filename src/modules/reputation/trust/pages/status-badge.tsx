// A trust status or finding as a badge: the words carry the meaning, the colour repeats it.
import type { Locale } from '../../../../core/i18n.ts';
import { Badge } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { findingLabel, statusLabel } from '../messages.ts';

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const STATUS_TONES: Record<string, Tone> = { applied: 'info', in_review: 'warning', approved: 'success', rejected: 'neutral', revoked: 'danger', listed: 'neutral' };
const FINDING_TONES: Record<string, Tone> = { pending: 'neutral', met: 'success', not_met: 'danger' };

/** An entity's status. */
export function StatusBadge(props: { status: string; locale: Locale }): Html {
  return <Badge tone={STATUS_TONES[props.status] ?? 'neutral'}>{statusLabel(props.status, props.locale)}</Badge>;
}

/** A criterion's finding. */
export function FindingBadge(props: { finding: string; locale: Locale }): Html {
  return <Badge tone={FINDING_TONES[props.finding] ?? 'neutral'}>{findingLabel(props.finding, props.locale)}</Badge>;
}
