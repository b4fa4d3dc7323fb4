// A verdict as a badge: its shape and words carry the meaning, the colour only repeats it.
import type { Locale } from '../../../core/i18n.ts';
import { Badge } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { verdictIcon, verdictLabel } from './labels.ts';

const TONES: Record<string, 'neutral' | 'success' | 'warning' | 'danger'> = { dangerous: 'danger', suspicious: 'warning', trusted: 'success' };

/** A verdict badge for staff tables and pages. */
export function VerdictBadge(props: { verdict: string; locale: Locale }): Html {
  return (
    <Badge tone={TONES[props.verdict] ?? 'neutral'}>
      <span aria-hidden="true">{`${verdictIcon(props.verdict)} `}</span>
      {verdictLabel(props.verdict, props.locale)}
    </Badge>
  );
}
