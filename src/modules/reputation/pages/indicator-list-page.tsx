// GET /admin/indicators: the staff's view of every listing — search by value, filters, and a
// table a page at a time (keyset paging by change serial, newest first).
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import { bindLocale } from '../../../core/i18n.ts';
import { Badge, Card, DataTable, Field, PageHeader, SelectField, SubmitButton, type Column } from '../../../web/components.tsx';
import type { Child } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { formatTime } from '../../identity/admin-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { can, requireUserPage } from '../../identity/index.ts';
import { TARGET_TYPES, targetTypeLabel } from '../../targets/index.ts';
import { INDICATOR_SOURCES, INDICATOR_STATUSES, INDICATOR_VERDICTS } from '../model.ts';
import type { ReputationDeps } from '../routes.ts';
import { isInForce, listIndicators, MAX_QUERY_LENGTH, type IndicatorQuery } from '../staff-indicators.ts';
import { sourceShortLabel, statusLabel, verdictLabel } from './labels.ts';
import { staffMessage } from './staff-messages.ts';
import { VerdictBadge } from './verdict-badge.tsx';

const PAGE_SIZE = 50;

/** The filters as the GET form sends them: plain text, so a bad value is ignored rather than refused. */
const ListPageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
  type: Type.Optional(Type.String({ maxLength: 40 })),
  verdict: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
  source: Type.Optional(Type.String({ maxLength: 40 })),
  after: Type.Optional(Type.Integer({ minimum: 1 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});

const FILTER_KEYS = ['q', 'type', 'verdict', 'status', 'source'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

/** The list URL for filters and a cursor. */
function listUrl(filters: Record<(typeof FILTER_KEYS)[number], string | undefined>, after?: number): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  if (after !== undefined) params.set('after', String(after));
  const query = params.toString();
  return query === '' ? '/admin/indicators' : `/admin/indicators?${query}`;
}

export function registerIndicatorListPage(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;
  app.get('/admin/indicators', { schema: { tags: ['pages'], summary: 'Network trust list (staff): search, filters, keyset pages', querystring: ListPageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const t = bindLocale(staffMessage, l);
    const useCtx = contextOf(request, clock);
    const query = request.query;
    const filters: IndicatorQuery = {
      q: query.q?.trim() || undefined,
      type: oneOf(TARGET_TYPES, query.type),
      verdict: oneOf(INDICATOR_VERDICTS, query.verdict),
      status: oneOf(INDICATOR_STATUSES, query.status),
      source: oneOf(INDICATOR_SOURCES, query.source),
      limit: PAGE_SIZE,
      after: query.after,
    };
    const page = await listIndicators(database.db, useCtx, filters);
    const shown = { q: filters.q, type: filters.type, verdict: filters.verdict, status: filters.status, source: filters.source };

    type Key = 'value' | 'type' | 'verdict' | 'source' | 'status' | 'lastVerified' | 'expires';
    const columns: Column<Key>[] = [
      { key: 'value', label: t('colValue') },
      { key: 'type', label: t('colType') },
      { key: 'verdict', label: t('colVerdict') },
      { key: 'source', label: t('colSource') },
      { key: 'status', label: t('colStatus') },
      { key: 'lastVerified', label: t('colLastVerified') },
      { key: 'expires', label: t('colExpires') },
    ];
    const rows = page.rows.map((row): Record<Key, Child> => ({
      value: <a href={`/admin/indicators/${row.id}`} class="indicator-value">{row.value}</a>,
      type: targetTypeLabel(row.type, l),
      verdict: <VerdictBadge verdict={row.verdict} locale={l} />,
      source: sourceShortLabel(row.source, l),
      status: (
        <>
          {statusLabel(row.status, l)}
          {row.status === 'active' && !isInForce(row, useCtx.now) ? <> <Badge tone="warning">{t('pastExpiry')}</Badge></> : null}
        </>
      ),
      lastVerified: formatTime(row.lastVerified, l),
      expires: row.expiresAt === null ? t('never') : formatTime(row.expiresAt, l),
    }));

    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('listTitle')} wide>
        <PageHeader title={t('listTitle')} lead={t('listLead')}>
          {can(user, 'indicator.manage') ? <p><a class="button button-primary" href="/admin/indicators/new">{t('newLink')}</a></p> : null}
        </PageHeader>
        <Card title={t('filterTitle')}>
          <form method="get" action="/admin/indicators" class="form form-inline" role="search">
            <Field name="q" type="search" label={t('search')} hint={t('searchHint')} value={filters.q} maxlength={MAX_QUERY_LENGTH} />
            <SelectField name="type" label={t('type')} value={filters.type ?? ''} options={[{ value: '', label: t('anyType') }, ...TARGET_TYPES.map((v) => ({ value: v, label: targetTypeLabel(v, l) }))]} />
            <SelectField name="verdict" label={t('verdict')} value={filters.verdict ?? ''} options={[{ value: '', label: t('anyVerdict') }, ...INDICATOR_VERDICTS.map((v) => ({ value: v, label: verdictLabel(v, l) }))]} />
            <SelectField name="status" label={t('status')} value={filters.status ?? ''} options={[{ value: '', label: t('anyStatus') }, ...INDICATOR_STATUSES.map((v) => ({ value: v, label: statusLabel(v, l) }))]} />
            <SelectField name="source" label={t('source')} value={filters.source ?? ''} options={[{ value: '', label: t('anySource') }, ...INDICATOR_SOURCES.map((v) => ({ value: v, label: sourceShortLabel(v, l) }))]} />
            <SubmitButton variant="secondary">{t('filter')}</SubmitButton>
          </form>
        </Card>
        <DataTable caption={t('caption')} columns={columns} rows={rows} empty={t('empty')} />
        {filters.after === undefined && page.next === null ? null : (
          <nav class="pagination" aria-label={t('pagesLabel')}>
            {filters.after === undefined ? null : <a class="button button-secondary" href={listUrl(shown)}>← {t('firstPage')}</a>}
            {page.next === null ? null : <a class="button button-secondary" rel="next" href={listUrl(shown, page.next)}>{t('nextPage')} →</a>}
          </nav>
        )}
      </Layout>,
    );
  });
}
