// Pieces the advisory pages share: times in Vietnam time, severity and status badges, categories,
// the live table of linked indicators, cursor paging, and form problems from a refused use case.
import { AppError } from '../../../../core/errors.ts';
import { formatTime, type Locale } from '../../../../core/i18n.ts';
import { Alert, Badge, DataTable, ErrorSummary } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { categoryLabel } from '../../../cases/index.ts';
import { targetTypeLabel } from '../../../targets/index.ts';
import { indicatorStateLabel, verdictLabel, type LinkedIndicator } from '../live-status.ts';
import { ADVISORY_LIMITS as L } from '../model.ts';
import { severityLabel, severityTone, statusLabel, statusTone } from './labels.ts';
import { advisoryMessage as m } from './messages.ts';

/** A time in Vietnam time, machine-readable too. */
export function When(props: { at: Date | null; l: Locale }): Html {
  if (props.at === null) return <>—</>;
  return <time datetime={props.at.toISOString()}>{formatTime(props.at, props.l)}</time>;
}

/** The severity as a badge: "Mức độ: Cao". */
export function SeverityBadge(props: { severity: string; l: Locale }): Html {
  return <Badge tone={severityTone(props.severity)}>{`${m(props.l, 'severity')}: ${severityLabel(props.severity, props.l)}`}</Badge>;
}

/** The workflow status as a badge. */
export function StatusBadge(props: { status: string; l: Locale }): Html {
  return <Badge tone={statusTone(props.status)}>{statusLabel(props.status, props.l)}</Badge>;
}

/** Categories in words, comma separated. */
export function categoriesText(categories: readonly string[], l: Locale): string {
  return categories.map((c) => categoryLabel(c, l)).join(', ');
}

const STATE_TONE = { active: 'danger', expired: 'neutral', revoked: 'neutral', not_listed: 'neutral' } as const;

/** The linked indicators with their status now, in words (the colour only repeats them). */
export function IndicatorTable(props: { indicators: readonly LinkedIndicator[]; l: Locale }): Html {
  const { l } = props;
  // No empty three-column table on a phone: the sentence says it.
  if (props.indicators.length === 0) return <p>{m(l, 'indicatorsEmpty')}</p>;
  return (
    <DataTable
      caption={m(l, 'indicatorsTitle')}
      columns={[
        { key: 'item', label: m(l, 'colIndicator') },
        { key: 'state', label: m(l, 'colState') },
        { key: 'verdict', label: m(l, 'colVerdict') },
      ]}
      rows={props.indicators.map((i) => ({
        item: i.value === null || i.type === null ? m(l, 'hiddenValue') : <><span class="target-type">{`${targetTypeLabel(i.type, l)}: `}</span><code class="target-value">{i.value}</code></>,
        state: <Badge tone={STATE_TONE[i.state]}>{indicatorStateLabel(i.state, l)}</Badge>,
        verdict: i.verdict === null ? '—' : verdictLabel(i.verdict, l),
      }))}
      empty={m(l, 'indicatorsEmpty')}
    />
  );
}

/** The problems of a form at its top: a message for the whole form, then a summary linking to each field. */
export function FormProblems(props: { errors: Record<string, string>; l: Locale }): Html {
  const { _form: whole, ...fields } = props.errors;
  return (
    <>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={m(props.l, 'errors')} errors={Object.entries(fields).map(([field, message]) => ({ field, message }))} />
    </>
  );
}

/** The form field a use case's detail names, and the line of a one-per-line box. */
function fieldOf(raw: string | undefined): { field: string; line: number | null } {
  const match = /^(\w+)(?:\.(vi|en))?(?:\[(\d+)\])?$/.exec(raw ?? '');
  if (match?.[1] === undefined) return { field: '_form', line: null };
  const field = match[2] === undefined ? match[1] : `${match[1]}${match[2] === 'vi' ? 'Vi' : 'En'}`;
  return { field, line: match[3] === undefined ? null : Number(match[3]) + 1 };
}

function lineMessage(field: string, reason: string, l: Locale): string {
  if (reason === 'not an id') return m(l, 'errNotId');
  if (field === 'indicatorIds') return m(l, 'errIndicator');
  if (field === 'caseIds') return m(l, 'errCase');
  return m(l, 'errCampaign', { max: L.campaignRef });
}

const FIELD_MESSAGES: Record<string, (l: Locale) => string> = {
  titleVi: (l) => m(l, 'errTitle', { min: L.titleMin, max: L.title }),
  titleEn: (l) => m(l, 'errTitle', { min: L.titleMin, max: L.title }),
  bodyVi: (l) => m(l, 'errBody', { max: L.body }),
  bodyEn: (l) => m(l, 'errBody', { max: L.body }),
  severity: (l) => m(l, 'errSeverity'),
  categories: (l) => m(l, 'errCategories', { max: L.categories }),
  audience: (l) => m(l, 'errAudience'),
  audienceOrgKind: (l) => m(l, 'errOrgKind'),
  audienceOrgId: (l) => m(l, 'errOrgId'),
  note: (l) => m(l, 'errNote', { min: L.noteMin, max: L.note }),
  indicatorIds: (l) => m(l, 'errTooMany'),
  caseIds: (l) => m(l, 'errTooMany'),
  campaignRefs: (l) => m(l, 'errTooMany'),
};

/**
 * Form errors in the visitor's language from a use case's refusal: field problems, a state conflict
 * or a refused self-approval for the whole form. Anything else (not found, forbidden) is rethrown.
 */
export function formErrors(error: unknown, l: Locale): Record<string, string> {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'CONFLICT') return { _form: m(l, 'stateConflict') };
  if (error.code === 'APPROVAL_BY_ANOTHER') return { _form: m(l, 'approveOwn') };
  if (error.code !== 'VALIDATION_FAILED') throw error;
  const errors: Record<string, string> = {};
  for (const detail of error.details) {
    const { field, line } = fieldOf(detail.field);
    const known = FIELD_MESSAGES[field];
    const at = known === undefined ? '_form' : field;
    const message = known === undefined ? m(l, 'formInvalid') : line !== null && field !== 'categories' ? m(l, 'errLine', { line, reason: lineMessage(field, detail.message, l) }) : known(l);
    errors[at] = errors[at] === undefined || errors[at] === message ? message : `${errors[at]} ${message}`;
  }
  if (Object.keys(errors).length === 0) errors._form = m(l, 'formInvalid');
  return errors;
}
