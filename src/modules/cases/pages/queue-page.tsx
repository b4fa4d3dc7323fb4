import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Badge, Card, CsrfField, DataTable, ErrorSummary, Field, PageHeader, Pagination, SelectField, SubmitButton, fieldId, type Column } from '../../../web/components.tsx';
import { formList, formSchema, formString, type FormBody } from '../../../web/forms.ts';
import type { Child } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { safeNextPath } from '../../../web/shell-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { requireUserPage, type Actor } from '../../identity/index.ts';
import { formatTime, summaryOf } from '../../identity/admin-pages.tsx';
import { TARGET_TYPES, targetTypeLabel } from '../../targets/index.ts';
import { CASE_STATUSES, CATEGORY_CODES, categoryLabel, type Category } from '../categories.ts';
import { mayUseCases } from '../policy.ts';
import { caseRef, isOverdue, runBulk, type CasesDeps } from '../routes.ts';
import { BULK_ACTIONS, DEFAULT_SPAM_REASON, QUEUE_STATUSES, type BulkActionKind, type QueueStatus } from '../schema.ts';
import { assignableStaff, listQueue } from '../triage.ts';
import { fieldError, formatPriority, pageErrors, provinceName, provinceOptions, StatusBadge } from './components.tsx';
import { statusLabel } from './labels.ts';
import { t } from './messages.ts';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The queue's filters as the GET form sends them: plain text, so a bad value is ignored rather than refused. */
const QueuePageQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 30 })),
  category: Type.Optional(Type.String({ maxLength: 30 })),
  targetType: Type.Optional(Type.String({ maxLength: 30 })),
  province: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  assignee: Type.Optional(Type.String({ maxLength: 10 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
  n: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

const BulkForm = formSchema(['action', 'caseIds', 'into', 'assigneeId', 'reason', 'returnTo']);

type Filters = {
  status: QueueStatus;
  category: Category | undefined;
  targetType: string | undefined;
  province: string | undefined;
  from: string | undefined;
  to: string | undefined;
  q: string | undefined;
  assignee: 'me' | 'none' | undefined;
  offset: number;
};

const FILTER_KEYS = ['status', 'category', 'targetType', 'province', 'from', 'to', 'q', 'assignee'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

function day(value: string | undefined): string | undefined {
  return value !== undefined && ISO_DAY.test(value) && !Number.isNaN(vietnamMidnight(value).getTime()) ? value : undefined;
}

/** Midnight of a calendar day in Vietnam (UTC+7 all year). */
function vietnamMidnight(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00+07:00`);
}

/** Filters from query text; unknown values fall back to "any". */
function filtersOf(get: (name: string) => string | undefined, offset: number): Filters {
  const text = (name: string) => get(name)?.trim() || undefined;
  return {
    status: oneOf(QUEUE_STATUSES, text('status')) ?? 'open',
    category: oneOf(CATEGORY_CODES, text('category')),
    targetType: oneOf(TARGET_TYPES, text('targetType')),
    province: text('province')?.toLowerCase(),
    from: day(text('from')),
    to: day(text('to')),
    q: text('q'),
    assignee: oneOf(['me', 'none'] as const, text('assignee')),
    offset,
  };
}

/** The queue URL for filters (and a page offset). */
function queueUrl(filters: Filters, offset = filters.offset): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && !(key === 'status' && value === 'open')) params.set(key, value);
  }
  if (offset > 0) params.set('offset', String(offset));
  const query = params.toString();
  return query === '' ? '/cases' : `/cases?${query}`;
}

/** Where the bulk form sends people back: a queue URL, never anywhere else. */
function returnPath(value: string | undefined): string {
  const path = safeNextPath(value, '/cases');
  return path === '/cases' || path.startsWith('/cases?') ? path : '/cases';
}

type BulkState = { values: FormBody; errors: Record<string, string> };

/** The bulk action a form asks for, checked field by field. */
function bulkInputOf(body: FormBody, l: Locale): { action: BulkActionKind; caseIds: string[]; into?: string; assigneeId?: string; reason?: string } {
  const action = oneOf(BULK_ACTIONS, formString(body, 'action'));
  if (action === undefined) throw fieldError('action', t(l, 'chooseAction'));
  const caseIds = [...new Set(formList(body, 'caseIds'))];
  if (caseIds.length === 0 || !caseIds.every((id) => UUID.test(id))) throw fieldError('caseIds', t(l, 'noneSelected'));
  const into = formString(body, 'into');
  const assigneeId = formString(body, 'assigneeId');
  const reason = formString(body, 'reason');
  if (action === 'merge' && into === undefined) throw fieldError('into', t(l, 'nameCase'));
  if (action === 'assign' && (assigneeId === undefined || !UUID.test(assigneeId))) throw fieldError('assigneeId', t(l, 'chooseAssignee'));
  if (reason !== undefined && reason.length < 3) throw fieldError('reason', t(l, 'tooShort', { min: 3 }));
  if (reason !== undefined && reason.length > 2000) throw fieldError('reason', t(l, 'tooLong', { max: 2000 }));
  return { action, caseIds, ...(into === undefined ? {} : { into }), ...(assigneeId === undefined ? {} : { assigneeId }), ...(reason === undefined ? {} : { reason }) };
}

/** The triage queue (GET /cases) and its bulk actions (POST /cases/bulk). */
export function registerQueuePages(app: AppInstance, deps: CasesDeps): void {
  const { database, clock, events } = deps;

  /** Names of the staff who may be given the listed cases (and so who may be shown as their assignee). */
  const staffNames = async (request: FastifyRequest, rows: readonly { id: string; provinceCode: string | null }[]) => {
    const ctx = contextOf(request, clock);
    const onePerProvince = new Map(rows.map((r) => [r.provinceCode, r.id]));
    const names = new Map<string, string>();
    for (const caseId of onePerProvince.values()) {
      for (const s of await assignableStaff(database.db, ctx, caseId)) names.set(s.userId, s.displayName);
    }
    return names;
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, user: Extract<Actor, { type: 'user' }>, filters: Filters, bulk: BulkState | null, status = 200) => {
    const query = request.query as { done?: string; n?: number };
    const flash = bulk === null && query.done === 'bulk' ? { kind: 'success' as const, message: t(localeOf(request), 'bulkDone', { count: query.n ?? 0 }) } : null;
    const ctx = pageContext(request, flash);
    const l = ctx.locale;
    const useCtx = contextOf(request, clock);
    const { rows, total } = await listQueue(database.db, useCtx, {
      status: filters.status,
      category: filters.category,
      targetType: filters.targetType,
      province: filters.province,
      from: filters.from === undefined ? undefined : vietnamMidnight(filters.from),
      to: filters.to === undefined ? undefined : new Date(vietnamMidnight(filters.to).getTime() + 86_400_000),
      q: filters.q,
      assignee: filters.assignee,
      limit: PAGE_SIZE,
      offset: filters.offset,
    });
    const canTriage = mayUseCases(user, 'case.triage');
    const names = await staffNames(request, rows);
    const selected = new Set(bulk === null ? [] : formList(bulk.values, 'caseIds'));
    const errors = bulk?.errors ?? {};
    const value = (name: string) => (bulk === null ? undefined : formString(bulk.values, name));

    type Key = 'select' | 'ref' | 'category' | 'status' | 'reports' | 'first' | 'last' | 'due' | 'priority' | 'assignee' | 'province';
    const columns: Column<Key>[] = [
      ...(canTriage ? [{ key: 'select' as const, label: t(l, 'colSelect') }] : []),
      { key: 'ref', label: t(l, 'colRef') },
      { key: 'category', label: t(l, 'colCategory') },
      { key: 'status', label: t(l, 'colStatus') },
      { key: 'reports', label: t(l, 'colReports'), numeric: true },
      { key: 'first', label: t(l, 'colFirst') },
      { key: 'last', label: t(l, 'colLast') },
      { key: 'due', label: t(l, 'colDue') },
      { key: 'priority', label: t(l, 'colPriority'), numeric: true },
      { key: 'assignee', label: t(l, 'colAssignee') },
      { key: 'province', label: t(l, 'colProvince') },
    ];
    const tableRows = rows.map((row, index): Record<Key, Child> => {
      const ref = caseRef(row.number);
      const checkboxId = index === 0 ? fieldId('caseIds') : `select-${row.id}`;
      return {
        select: (
          <>
            <input type="checkbox" id={checkboxId} name="caseIds" value={row.id} checked={selected.has(row.id)} />
            <label for={checkboxId} class="visually-hidden">{t(l, 'selectCase', { ref })}</label>
          </>
        ),
        ref: (
          <>
            <a href={`/cases/${row.id}`}>{ref}</a>
            {row.hasNewInformation ? <> <Badge tone="info">{t(l, 'newInformation')}</Badge></> : null}
          </>
        ),
        category: row.categories.map((c) => categoryLabel(c, l)).join(', '),
        status: <StatusBadge status={row.status} locale={l} />,
        reports: row.reportCount,
        first: formatTime(row.firstReportedAt, l),
        last: formatTime(row.lastReportedAt, l),
        due: (
          <>
            {formatTime(row.dueAt, l)}
            {isOverdue(row, useCtx.now) ? <> <Badge tone="danger">{t(l, 'overdue')}</Badge></> : null}
          </>
        ),
        priority: formatPriority(row.priority, l),
        assignee: row.assigneeId === null ? t(l, 'unassigned') : row.assigneeId === user.userId ? t(l, 'you') : (names.get(row.assigneeId) ?? row.assigneeId.slice(0, 8)),
        province: provinceName(row.provinceCode, l),
      };
    });
    const table = <DataTable caption={t(l, 'caption')} columns={columns} rows={tableRows} empty={t(l, 'empty')} />;
    const here = queueUrl(filters);
    const fieldErrors = Object.entries(errors).filter(([field]) => field !== '_form');

    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(l, 'queueTitle')} wide>
        <PageHeader title={t(l, 'queueTitle')} lead={t(l, 'queueLead')} />
        <Card title={t(l, 'filterTitle')}>
          <form method="get" action="/cases" class="form form-inline" role="search">
            <SelectField name="status" label={t(l, 'status')} value={filters.status} options={[{ value: 'open', label: t(l, 'statusOpen') }, { value: 'all', label: t(l, 'statusAll') }, ...CASE_STATUSES.map((s) => ({ value: s, label: statusLabel(s, l) }))]} />
            <SelectField name="category" label={t(l, 'category')} value={filters.category ?? ''} options={[{ value: '', label: t(l, 'anyCategory') }, ...CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))]} />
            <SelectField name="targetType" label={t(l, 'targetType')} value={filters.targetType ?? ''} options={[{ value: '', label: t(l, 'anyTargetType') }, ...TARGET_TYPES.map((type) => ({ value: type, label: targetTypeLabel(type, l) }))]} />
            <SelectField name="province" label={t(l, 'province')} value={filters.province ?? ''} options={[{ value: '', label: t(l, 'anyProvince') }, ...provinceOptions(l)]} />
            <Field name="from" type="date" label={t(l, 'from')} value={filters.from} />
            <Field name="to" type="date" label={t(l, 'to')} value={filters.to} />
            <Field name="q" type="search" label={t(l, 'search')} hint={t(l, 'searchHint')} value={filters.q} maxlength={200} />
            <SelectField name="assignee" label={t(l, 'assignee')} value={filters.assignee ?? ''} options={[{ value: '', label: t(l, 'assigneeAll') }, { value: 'me', label: t(l, 'assigneeMe') }, { value: 'none', label: t(l, 'assigneeNone') }]} />
            <SubmitButton variant="secondary">{t(l, 'filter')}</SubmitButton>
          </form>
        </Card>
        {rows.length === 0 ? null : <p>{t(l, 'shown', { first: filters.offset + 1, last: filters.offset + rows.length, total })}</p>}
        {canTriage ? (
          <form method="post" action="/cases/bulk" class="form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="returnTo" value={here} />
            {table}
            <Card title={t(l, 'bulkTitle')}>
              <p>{t(l, 'bulkLead')}</p>
              {errors._form === undefined ? null : <Alert kind="error">{errors._form}</Alert>}
              {fieldErrors.length > 0 ? <ErrorSummary title={t(l, 'errors')} errors={summaryOf(Object.fromEntries(fieldErrors))} /> : null}
              {errors.caseIds === undefined ? null : <p class="field-error">{errors.caseIds}</p>}
              <SelectField name="action" label={t(l, 'bulkAction')} required value={value('action') ?? ''} error={errors.action} options={[{ value: '', label: t(l, 'bulkChoose') }, { value: 'reject_spam', label: t(l, 'bulkRejectSpam') }, { value: 'merge', label: t(l, 'bulkMerge') }, { value: 'assign', label: t(l, 'bulkAssign') }]} />
              <Field name="into" label={t(l, 'bulkInto')} hint={t(l, 'bulkIntoHint')} value={value('into')} error={errors.into} maxlength={50} />
              <SelectField name="assigneeId" label={t(l, 'bulkAssignee')} hint={t(l, 'bulkAssigneeHint')} value={value('assigneeId') ?? ''} error={errors.assigneeId} options={[{ value: '', label: t(l, 'bulkNobody') }, ...[...names].map(([id, name]) => ({ value: id, label: id === user.userId ? `${name} (${t(l, 'you')})` : name }))]} />
              <Field name="reason" label={t(l, 'bulkReason')} hint={t(l, 'bulkReasonHint', { reason: DEFAULT_SPAM_REASON })} value={value('reason')} error={errors.reason} maxlength={2000} />
              <SubmitButton>{t(l, 'bulkSubmit')}</SubmitButton>
            </Card>
          </form>
        ) : (
          table
        )}
        <Pagination
          locale={l}
          prev={filters.offset > 0 ? queueUrl(filters, Math.max(0, filters.offset - PAGE_SIZE)) : undefined}
          next={filters.offset + rows.length < total && filters.offset + PAGE_SIZE <= 10000 ? queueUrl(filters, filters.offset + PAGE_SIZE) : undefined}
        />
      </Layout>,
      status,
    );
  };

  app.get('/cases', { schema: { tags: ['pages'], summary: 'Case triage queue page', querystring: QueuePageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    return render(request, reply, user, filtersOf((name) => query[name], request.query.offset ?? 0), null);
  });

  app.post('/cases/bulk', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Reject, merge or assign the selected cases (form)', body: BulkForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const body = request.body as FormBody;
    const back = returnPath(formString(body, 'returnTo'));
    const backQuery = new URLSearchParams(back.split('?')[1] ?? '');
    const l = localeOf(request);
    let affected: number;
    try {
      const input = bulkInputOf(body, l);
      affected = await database.transaction((tx) => runBulk(tx, contextOf(request, clock), input, events));
    } catch (error) {
      const { errors, status } = pageErrors(error, l);
      const offset = Number(backQuery.get('offset') ?? '0');
      const filters = filtersOf((name) => backQuery.get(name) ?? undefined, Number.isInteger(offset) && offset >= 0 && offset <= 10000 ? offset : 0);
      return render(request, reply, user, filters, { values: body, errors }, status);
    }
    backQuery.set('done', 'bulk');
    backQuery.set('n', String(affected));
    return reply.redirect(`/cases?${backQuery.toString()}`, 303);
  });
}
