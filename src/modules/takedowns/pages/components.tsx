// Pieces every takedown page uses: times in Vietnam time, status and deadline badges, the targets
// of a request, the problems of a failed form, cursor paging and number formats.
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Badge, ErrorSummary } from '../../../web/components.tsx';
import { formString, type FormBody } from '../../../web/forms.ts';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { formatTime } from '../../identity/admin-pages.tsx';
import { targetTypeLabel } from '../../targets/index.ts';
import { isOpen } from '../model.ts';
import type { RequestRow } from '../repository.ts';
import type { TakedownDeps } from '../routes.ts';
import type { RequestTarget } from '../tables.ts';
import { statusLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';

/** What the pages use of the module's dependencies. */
export type PageDeps = Pick<TakedownDeps, 'database' | 'clock' | 'box' | 'events' | 'notifier' | 'evidence'>;


/** A form that failed: which one, what was sent, and what is wrong (`_form` for the whole form). */
export type FormState = { form: string; values: FormBody; errors: Record<string, string>; status: number };

/** What was sent in this form (for showing it again), and its errors; nothing for another form. */
export function sentIn(state: FormState | null, form: string) {
  const mine = state?.form === form ? state : null;
  return {
    value: (name: string) => (mine === null ? undefined : formString(mine.values, name)),
    raw: (name: string) => {
      const value = mine?.values[name];
      return Array.isArray(value) ? value.join('\n') : value;
    },
    error: (name: string): string | undefined => mine?.errors[name],
  };
}

/** The problems of a form at its top: a message for the whole form, then a summary linking to each field. */
export function FormProblems(props: { form: string; state: FormState | null; l: Locale; scoped?: boolean }): Html {
  if (props.state?.form !== props.form) return <></>;
  const { _form: whole, ...fields } = props.state.errors;
  const errors = Object.entries(fields).map(([field, message]) => ({ field, message }));
  return (
    <>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      {errors.length === 0 ? null : <ErrorSummary title={m(props.l, 'errors')} form={props.scoped === true ? props.form : undefined} errors={errors} />}
    </>
  );
}

/** A time in Vietnam time, machine-readable too. */
export function When(props: { at: Date | null; l: Locale }): Html {
  if (props.at === null) return <>—</>;
  return <time datetime={props.at.toISOString()}>{formatTime(props.at, props.l)}</time>;
}

const TONES: Record<string, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  issued: 'info',
  delivered: 'info',
  acknowledged: 'warning',
  actioned: 'success',
  partially_actioned: 'success',
  declined: 'neutral',
  withdrawn: 'neutral',
};

/** A request's status as a badge (the words carry the meaning, the colour only repeats it). */
export function StatusBadge(props: { status: string; l: Locale }): Html {
  return <Badge tone={TONES[props.status] ?? 'neutral'}>{statusLabel(props.status, props.l)}</Badge>;
}

/** Open and past its deadline (marked by the sweep, or not yet). */
export function isPastDue(row: Pick<RequestRow, 'status' | 'dueAt' | 'overdueAt'>, now: Date): boolean {
  return isOpen(row.status) && (row.overdueAt !== null || row.dueAt <= now);
}

/** The deadline, with "overdue" on an open request past it, "late" on one answered after it, and "urgent" unless the page says it already. */
export function DueTime(props: { row: RequestRow; now: Date; l: Locale; urgentShown?: boolean }): Html {
  const { row, l } = props;
  const late = row.respondedAt !== null && row.respondedAt > row.dueAt;
  return (
    <>
      <When at={row.dueAt} l={l} />
      {isPastDue(row, props.now) ? <> <Badge tone="danger">{m(l, 'overdue')}</Badge></> : null}
      {late ? <> <Badge tone="warning">{m(l, 'answeredLate')}</Badge></> : null}
      {row.urgent && props.urgentShown !== true ? <> <Badge tone="warning">{m(l, 'urgent')}</Badge></> : null}
    </>
  );
}

/** The first target of a request and how many more (a table cell). */
export function TargetsSummary(props: { targets: readonly RequestTarget[]; l: Locale }): Html {
  const [first, ...rest] = props.targets;
  if (first === undefined) return <>—</>;
  return (
    <>
      <code class="target-value">{first.value}</code>
      {rest.length === 0 ? null : <> {m(props.l, 'moreTargets', { count: rest.length })}</>}
    </>
  );
}

/** Every target of a request with its type. */
export function TargetList(props: { targets: readonly RequestTarget[]; l: Locale }): Html {
  return (
    <ul class="target-list">
      {props.targets.map((target) => (
        <li>
          <span class="target-type">{`${targetTypeLabel(target.type, props.l)}: `}</span>
          <code class="target-value">{target.value}</code>
        </li>
      ))}
    </ul>
  );
}

const numberLocale = (l: Locale) => (l === 'vi' ? 'vi-VN' : 'en-GB');

/** A share as a whole percentage ("—" before there is any). */
export function formatShare(share: number | null, l: Locale): string {
  return share === null ? '—' : new Intl.NumberFormat(numberLocale(l), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Hours with one decimal ("—" when there is nothing to measure). */
export function formatHours(hours: number | null, l: Locale): string {
  return hours === null ? '—' : m(l, 'hours', { hours: new Intl.NumberFormat(numberLocale(l), { maximumFractionDigits: 1 }).format(hours) });
}
