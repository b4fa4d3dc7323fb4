// The filters of the request lists (the recipient's inbox and the authority's follow-up list): read
// loosely from the query (an unknown value means "any", never an error), turned into a list query
// and back into links, and shown as a GET form that works without JavaScript.
import type { Locale } from '../../../core/i18n.ts';
import { Card, SelectField, SubmitButton } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { ACTIONS, OPEN_STATUSES, STATUSES, type TakedownAction, type TakedownStatus } from '../model.ts';
import type { ListQuery } from '../queries.ts';
import { actionLabel, statusLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';

export const PAGE_SIZE = 50;

export type ListFilters = {
  /** 'open' (every open step) or one status. */
  status: 'open' | TakedownStatus | undefined;
  /** As the API spells it (`?overdue=true`). */
  overdue: 'true' | 'false' | undefined;
  action: TakedownAction | undefined;
  cursor: string | undefined;
};

const FILTER_KEYS = ['status', 'overdue', 'action'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

/** Filters from query text. */
export function filtersOf(get: (name: string) => string | undefined): ListFilters {
  const text = (name: string) => get(name)?.trim() || undefined;
  const cursor = text('cursor');
  return {
    status: oneOf(['open', ...STATUSES] as const, text('status')),
    overdue: oneOf(['true', 'false'] as const, text('overdue')),
    action: oneOf(ACTIONS, text('action')),
    cursor: cursor !== undefined && cursor.length <= 200 ? cursor : undefined,
  };
}

/** The list query of the use cases. */
export function listQueryOf(filters: ListFilters): ListQuery {
  return {
    statuses: filters.status === undefined ? undefined : filters.status === 'open' ? OPEN_STATUSES : [filters.status],
    overdue: filters.overdue === undefined ? undefined : filters.overdue === 'true',
    action: filters.action,
    cursor: filters.cursor,
    limit: PAGE_SIZE,
  };
}

/** The list's URL for these filters, other parameters (`org`, `case`) and a cursor. */
export function listUrl(path: string, filters: ListFilters, extra: Record<string, string | undefined>, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, value);
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  if (cursor !== undefined) params.set('cursor', cursor);
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** The filter form (GET): status, overdue, action; hidden fields keep the other parameters. */
export function FilterForm(props: { action: string; filters: ListFilters; hidden: Record<string, string | undefined>; l: Locale; overdueLabel: string }): Html {
  const { filters, l } = props;
  return (
    <Card title={m(l, 'filterTitle')}>
      <form method="get" action={props.action} class="form form-inline" role="search" aria-label={m(l, 'filterTitle')}>
        {Object.entries(props.hidden).map(([name, value]) => (value === undefined ? null : <input type="hidden" name={name} value={value} />))}
        <SelectField
          name="status"
          label={m(l, 'status')}
          value={filters.status ?? ''}
          options={[{ value: '', label: m(l, 'anyStatus') }, { value: 'open', label: m(l, 'statusOpen') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s, l) }))]}
        />
        <SelectField
          name="overdue"
          label={props.overdueLabel}
          value={filters.overdue ?? ''}
          options={[{ value: '', label: m(l, 'overdueAny') }, { value: 'true', label: m(l, 'overdueOnly') }, { value: 'false', label: m(l, 'overdueNot') }]}
        />
        <SelectField name="action" label={m(l, 'action')} value={filters.action ?? ''} options={[{ value: '', label: m(l, 'anyAction') }, ...ACTIONS.map((a) => ({ value: a, label: actionLabel(a, l) }))]} />
        <SubmitButton variant="secondary">{m(l, 'filter')}</SubmitButton>
      </form>
    </Card>
  );
}
