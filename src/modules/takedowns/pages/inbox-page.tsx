// The recipient's inbox (GET /org/takedowns): the organisation's own figures, the filters, its
// requests newest first with a cursor, and the bulk acknowledge form (POST /org/takedowns/acknowledge).
// Reading the inbox is what delivers new requests, so the list is read in a transaction.
import { isUuid } from '../../../core/validate.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Badge, Card, CsrfField, DataTable, DefinitionList, fieldId, PageHeader, Pagination, SubmitButton, type Column } from '../../../web/components.tsx';
import { formList, formSchema, formString } from '../../../web/forms.ts';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { safeNextPath } from '../../../web/shell-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { can, organizationById, requireUserPage } from '../../identity/index.ts';
import { acknowledgeRequests } from '../answers.ts';
import { referenceOf, TAKEDOWN_LIMITS } from '../model.ts';
import { listInbox } from '../queries.ts';
import { inboxOrgOf } from '../routes.ts';
import type { PageDeps } from './components.tsx';
import { ownFigures } from '../transparency.ts';
import { DueTime, formatHours, formatShare, StatusBadge, TargetsSummary, When } from './components.tsx';
import { FilterForm, filtersOf, listQueryOf, listUrl, type ListFilters } from './filters.tsx';
import { actionLabel, kindLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';

const INBOX = '/org/takedowns';
const text = Type.Optional(Type.String({ maxLength: 200 }));
const InboxQuery = Type.Object({ org: text, status: text, overdue: text, action: text, cursor: text, done: text, n: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), lang: text });
const AcknowledgeForm = formSchema(['ids', 'org', 'returnTo']);

/** A failed bulk acknowledgement: what was ticked and what is wrong. */
type BulkState = { selected: readonly string[]; error: string; status: number };

/** The inbox the form sends people back to: an inbox URL, never anywhere else. */
function returnPath(value: string | undefined): string {
  const path = safeNextPath(value, INBOX);
  return path === INBOX || path.startsWith(`${INBOX}?`) ? path : INBOX;
}

/** The organisation asked for (`?org=`): an id, or "not found" before any lookup. */
function askedOrg(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isUuid(value)) throw new AppError('NOT_FOUND');
  return value;
}

function Figures(props: { figures: Awaited<ReturnType<typeof ownFigures>>; l: Locale }): Html {
  const { figures: f, l } = props;
  return (
    <Card title={m(l, 'figuresTitle')}>
      <DefinitionList
        items={[
          { term: m(l, 'figRequests'), description: String(f.requests) },
          { term: m(l, 'figOnTime'), description: formatShare(f.onTimeShare, l) },
          { term: m(l, 'figMedian'), description: formatHours(f.medianHoursToAction, l) },
          { term: m(l, 'figDeclined'), description: String(f.declined) },
          { term: m(l, 'figOpen'), description: String(f.open) },
          { term: m(l, 'figOverdue'), description: String(f.overdue) },
        ]}
      />
      <p class="field-hint">{m(l, 'figuresHint')}</p>
    </Card>
  );
}

/** The recipient's inbox and its bulk acknowledgement. */
export function registerInboxPage(app: AppInstance, deps: PageDeps): void {
  const { database, clock } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, asked: string | undefined, filters: ListFilters, bulk: BulkState | null) => {
    const query = request.query as { done?: string; n?: number } | undefined;
    const l = localeOf(request);
    const flash = bulk === null && query?.done === 'ack' ? { kind: 'success' as const, message: m(l, 'ackDone', { count: query.n ?? 0 }) } : null;
    const ctx = pageContext(request, flash);
    const useCtx = contextOf(request, clock);
    const orgId = inboxOrgOf(useCtx, askedOrg(asked));
    // Both check that the caller belongs to the organisation before reading anything.
    const figures = await ownFigures(database.db, useCtx, orgId);
    const page = await database.transaction((tx) => listInbox(tx.db, useCtx, orgId, listQueryOf(filters)));
    const org = await organizationById(database.db, orgId);
    const acknowledgeable = (status: string) => status === 'issued' || status === 'delivered';
    // The bulk form only when there is something to tick (or a failed post to show again).
    const showBulk = can(useCtx.actor, 'takedown.respond', orgId) && (bulk !== null || page.items.some((r) => acknowledgeable(r.status)));
    const selected = new Set(bulk?.selected ?? []);
    const extra = { org: asked };
    const here = listUrl(INBOX, filters, extra, filters.cursor);

    type Key = 'select' | 'reference' | 'action' | 'targets' | 'issued' | 'due' | 'status';
    const columns: Column<Key>[] = [
      ...(showBulk ? [{ key: 'select' as const, label: m(l, 'colSelect') }] : []),
      { key: 'reference', label: m(l, 'colReference') },
      { key: 'action', label: m(l, 'colAction') },
      { key: 'targets', label: m(l, 'colTargets') },
      { key: 'issued', label: m(l, 'colIssued') },
      { key: 'due', label: m(l, 'colDue') },
      { key: 'status', label: m(l, 'colStatus') },
    ];
    let first = true;
    const rows = page.items.map((row): Record<Key, Child> => {
      const reference = referenceOf(row.number);
      const tickable = acknowledgeable(row.status);
      // The first checkbox carries the field's id, so the error summary can point at it.
      const checkboxId = tickable && first ? fieldId('ids') : `select-${row.id}`;
      if (tickable) first = false;
      return {
        select: tickable ? (
          <>
            <input type="checkbox" id={checkboxId} name="ids" value={row.id} checked={selected.has(row.id)} />
            <label for={checkboxId} class="visually-hidden">{m(l, 'selectRequest', { reference })}</label>
          </>
        ) : null,
        reference: (
          <>
            <a href={`${INBOX}/${row.id}`}>{reference}</a>
            {row.kind === 'user_complaint' ? <> <Badge tone="info">{kindLabel(row.kind, l)}</Badge></> : null}
          </>
        ),
        action: actionLabel(row.action, l),
        targets: <TargetsSummary targets={row.targets} l={l} />,
        issued: <When at={row.issuedAt} l={l} />,
        due: <DueTime row={row} now={useCtx.now} l={l} />,
        status: <StatusBadge status={row.status} l={l} />,
      };
    });
    const table = <DataTable caption={m(l, 'inboxCaption')} columns={columns} rows={rows} empty={m(l, 'inboxEmpty')} />;
    const title = m(l, 'inboxTitle');

    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'inboxLead', { org: org?.name ?? '' })} />
        <Figures figures={figures} l={l} />
        <FilterForm action={INBOX} filters={filters} hidden={extra} l={l} overdueLabel={m(l, 'overdueFilter')} />
        {showBulk ? (
          <form method="post" action={`${INBOX}/acknowledge`} class="form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="returnTo" value={here} />
            {asked === undefined ? null : <input type="hidden" name="org" value={asked} />}
            {bulk === null ? null : <Alert kind="error"><a href={`#${fieldId('ids')}`}>{bulk.error}</a></Alert>}
            {table}
            <p class="field-hint">{m(l, 'ackHint')}</p>
            <SubmitButton>{m(l, 'ackSelected')}</SubmitButton>
          </form>
        ) : (
          table
        )}
        <Pagination locale={l} first={filters.cursor === undefined ? undefined : listUrl(INBOX, filters, extra)} next={page.nextCursor === null ? undefined : listUrl(INBOX, filters, extra, page.nextCursor)} />
        <p><a href="/transparency">{m(l, 'transparencyLink')}</a></p>
      </Layout>,
      bulk?.status ?? 200,
    );
  };

  app.get('/org/takedowns', { schema: { tags: ['pages'], summary: 'Your organisation’s takedown requests: figures, filters, bulk acknowledgement (platforms and telecoms)', querystring: InboxQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const query = request.query;
    return render(request, reply, query.org, filtersOf((name) => (query as Record<string, string | undefined>)[name]), null);
  });

  app.post('/org/takedowns/acknowledge', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Acknowledge the ticked requests (form; all or none)', body: AcknowledgeForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const l = localeOf(request);
    const body = request.body;
    const back = returnPath(formString(body, 'returnTo'));
    const backQuery = new URL(back, 'http://page.invalid').searchParams;
    const ids = [...new Set(formList(body, 'ids'))];
    if (ids.length === 0 || ids.length > TAKEDOWN_LIMITS.bulk || !ids.every((id) => isUuid(id))) {
      return render(request, reply, formString(body, 'org'), filtersOf((name) => backQuery.get(name) ?? undefined), { selected: ids, error: m(l, 'noneSelected'), status: 400 });
    }
    const ctx = contextOf(request, clock);
    const rows = await database.transaction((tx) => acknowledgeRequests(tx.db, ctx, ids));
    const target = new URL(back, 'http://page.invalid');
    target.searchParams.set('done', 'ack');
    target.searchParams.set('n', String(rows.length));
    return reply.redirect(`${target.pathname}${target.search}`, 303);
  });
}
