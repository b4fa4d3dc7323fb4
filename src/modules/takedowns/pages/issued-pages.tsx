// The authority's side: the requests it issued (GET /takedowns), with the "overdue" filter the
// supervisors escalate from, and its page of one request (GET /takedowns/:id) with the withdraw
// form for supervisors. Staff pages: a session that passed two-factor (requireUserPage).
import { isUuid } from '../../../core/validate.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { Card, CsrfField, DataTable, PageHeader, Pagination, SubmitButton, TextArea, type Column } from '../../../web/components.tsx';
import { formSchema } from '../../../web/forms.ts';
import type { Child } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { can, organizationById, organizationsByIds, requireUserPage } from '../../identity/index.ts';
import { withdrawRequest } from '../answers.ts';
import { isOpen, referenceOf, TAKEDOWN_LIMITS } from '../model.ts';
import { listIssued, requestDetail } from '../queries.ts';
import type { PageDeps } from './components.tsx';
import { DueTime, FormProblems, sentIn, StatusBadge, TargetsSummary, type FormState } from './components.tsx';
import { FilterForm, filtersOf, listQueryOf, listUrl } from './filters.tsx';
import { formCheck, serviceErrors } from './form-checks.ts';
import { actionLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';
import { requestIdOf } from './recipient-page.tsx';
import { RequestView } from './request-view.tsx';

const text = Type.Optional(Type.String({ maxLength: 200 }));
const ListQuery = Type.Object({ status: text, overdue: text, action: text, case: text, cursor: text, lang: text });
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const PageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: text });
const WithdrawForm = formSchema(['reason']);

/** The authority's list and page of requests, and the withdrawal. */
export function registerIssuedPages(app: AppInstance, deps: PageDeps): void {
  const { database, clock } = deps;

  app.get('/takedowns', { schema: { tags: ['pages'], summary: 'Takedown requests issued by your authority (the national centre: all), with filters including overdue', querystring: ListQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const useCtx = contextOf(request, clock);
    const query = request.query;
    const filters = filtersOf((name) => (query as Record<string, string | undefined>)[name]);
    const caseId = query.case !== undefined && isUuid(query.case) ? query.case : undefined;
    const page = await listIssued(database.db, useCtx, { ...listQueryOf(filters), caseId });
    const names = new Map((await organizationsByIds(database.db, [...new Set(page.items.map((r) => r.recipientOrgId))])).map((o) => [o.id, o.name]));
    const extra = { case: caseId };

    type Key = 'reference' | 'recipient' | 'action' | 'targets' | 'due' | 'status';
    const columns: Column<Key>[] = [
      { key: 'reference', label: m(l, 'colReference') },
      { key: 'recipient', label: m(l, 'colRecipient') },
      { key: 'action', label: m(l, 'colAction') },
      { key: 'targets', label: m(l, 'colTargets') },
      { key: 'due', label: m(l, 'colDue') },
      { key: 'status', label: m(l, 'colStatus') },
    ];
    const rows = page.items.map(
      (row): Record<Key, Child> => ({
        reference: <a href={`/takedowns/${row.id}`}>{referenceOf(row.number)}</a>,
        recipient: names.get(row.recipientOrgId) ?? '—',
        action: actionLabel(row.action, l),
        targets: <TargetsSummary targets={row.targets} l={l} />,
        due: <DueTime row={row} now={useCtx.now} l={l} />,
        status: <StatusBadge status={row.status} l={l} />,
      }),
    );
    const title = m(l, 'issuedTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'issuedLead')}>
          <p>
            {can(useCtx.actor, 'takedown.issue') ? <><a class="button button-primary" href="/takedowns/new">{m(l, 'newRequest')}</a> </> : null}
            <a href="/takedowns/appeals">{m(l, 'appealsLink')}</a>
          </p>
        </PageHeader>
        {caseId === undefined ? null : <p>{m(l, 'forCase')} <a href={`/cases/${caseId}`}>{m(l, 'openCase')}</a> · <a href="/takedowns">{m(l, 'allRequests')}</a></p>}
        <FilterForm action="/takedowns" filters={filters} hidden={extra} l={l} overdueLabel={m(l, 'overdueFilterStaff')} />
        <DataTable caption={m(l, 'issuedCaption')} columns={columns} rows={rows} empty={m(l, 'issuedEmpty')} />
        <Pagination locale={l} first={filters.cursor === undefined ? undefined : listUrl('/takedowns', filters, extra)} next={page.nextCursor === null ? undefined : listUrl('/takedowns', filters, extra, page.nextCursor)} />
      </Layout>,
    );
  });

  const render = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, state: FormState | null) => {
    const l = localeOf(request);
    const done = (request.query as { done?: string } | undefined)?.done;
    const flash = state === null && done === 'issued' ? m(l, 'doneIssued') : state === null && done === 'withdrawn' ? m(l, 'doneWithdrawn') : null;
    const ctx = pageContext(request, flash === null ? null : { kind: 'success', message: flash });
    const useCtx = contextOf(request, clock);
    const id = requestIdOf(request.params.id);
    const detail = await database.transaction((tx) => requestDetail(tx.db, useCtx, id));
    if (detail.side === 'recipient') return reply.redirect(`/org/takedowns/${id}`, 303);
    const r = detail.request;
    const issuer = r.issuerOrgId === null ? null : await organizationById(database.db, r.issuerOrgId);
    const recipient = await organizationById(database.db, r.recipientOrgId);
    const canWithdraw = isOpen(r.status) && can(useCtx.actor, 'takedown.withdraw', r.issuerOrgId ?? '');
    const sent = sentIn(state, 'withdraw');
    return sendPage(
      reply,
      <RequestView
        evidence={detail.evidence}
        ctx={ctx}
        request={r}
        events={detail.events}
        now={useCtx.now}
        issuerName={issuer?.name ?? null}
        recipientName={recipient?.name ?? ''}
        back={{ href: '/takedowns', label: m(l, 'backToIssued') }}
        caseHref={r.caseId === null ? undefined : `/cases/${r.caseId}`}
      >
        {canWithdraw ? (
          <Card title={m(l, 'withdrawTitle')} id="withdraw">
            <p>{m(l, 'withdrawLead')}</p>
            <FormProblems form="withdraw" state={state} l={l} />
            <form method="post" action={`/takedowns/${r.id}/withdraw`} class="form">
              <CsrfField token={ctx.csrfToken} />
              <TextArea name="reason" label={m(l, 'withdrawReason')} hint={m(l, 'withdrawHint')} required rows={3} maxlength={TAKEDOWN_LIMITS.note} value={sent.raw('reason')} error={sent.error('reason')} />
              <SubmitButton variant="danger">{m(l, 'withdrawSubmit')}</SubmitButton>
            </form>
          </Card>
        ) : (
          <FormProblems form="withdraw" state={state} l={l} />
        )}
      </RequestView>,
      state?.status ?? 200,
    );
  };

  app.get('/takedowns/:id', { schema: { tags: ['pages'], summary: 'A takedown request as the issuing authority follows it, with the withdraw form for supervisors', params: Params, querystring: PageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    return render(request, reply, null);
  });

  app.post('/takedowns/:id/withdraw', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Withdraw an open request (form; the issuing authority’s supervisors)', params: Params, body: WithdrawForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const l = localeOf(request);
    const id = requestIdOf(request.params.id);
    try {
      const check = formCheck(request.body, l);
      const reason = check.text('reason', TAKEDOWN_LIMITS.reasonMin, TAKEDOWN_LIMITS.note);
      check.done();
      const ctx = contextOf(request, clock);
      await database.transaction((tx) => withdrawRequest(tx.db, ctx, id, reason));
    } catch (error) {
      return render(request, reply, { form: 'withdraw', values: request.body, errors: serviceErrors(error, l), status: error instanceof AppError ? error.status : 400 });
    }
    return reply.redirect(`/takedowns/${id}?done=withdrawn`, 303);
  });
}
