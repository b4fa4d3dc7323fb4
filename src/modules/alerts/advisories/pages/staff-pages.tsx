// The staff's side (authority staff with two-factor, like the takedown staff pages): GET
// /advisories/manage, their authority's advisories by status; GET /advisories/manage/:advisoryId,
// one advisory in both languages with its links, history and the step forms its status and the
// reader's role allow (submit; return with a note; approve; archive). Every form posts with its
// CSRF token and answers with a redirect (303), or the page again with the problem.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import { Alert, Card, CsrfField, DataTable, DefinitionList, PageHeader, Pagination, SelectField, SubmitButton, TextArea } from '../../../../web/components.tsx';
import { formSchema, formString } from '../../../../web/forms.ts';
import { Layout } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../../web/page-context.ts';
import { contextOf } from '../../../identity/http.ts';
import { organizationById, requireUserPage } from '../../../identity/index.ts';
import type { AlertsDeps } from '../../deps.ts';
import { readLinkedIndicators } from '../live-status.ts';
import { AdvisoryBody } from '../markdown.ts';
import { ADVISORY_LIMITS, ADVISORY_STATUSES, advisoryPath, isOneOf, referenceOf } from '../model.ts';
import { holds } from '../policy.ts';
import { listManagedAdvisories, managedAdvisory } from '../queries.ts';
import { approveAdvisory, archiveAdvisory, returnAdvisory, submitAdvisory } from '../workflow.ts';
import { categoriesText, FormProblems, formErrors, IndicatorTable, SeverityBadge, StatusBadge, When } from './components.tsx';
import { audienceLabel, eventLabel, orgKindLabel, statusLabel } from './labels.ts';
import { advisoryMessage as m, type AdvisoryMessage } from './messages.ts';

const text = Type.Optional(Type.String({ maxLength: 200 }));
const ManageQuery = Type.Object({ status: text, cursor: text, lang: text });
const Params = Type.Object({ advisoryId: Type.String({ format: 'uuid' }) });
const DetailQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: text });
const DONE: Record<string, AdvisoryMessage> = { created: 'doneCreated', edited: 'doneEdited', submitted: 'doneSubmitted', returned: 'doneReturned', published: 'donePublished', archived: 'doneArchived' };

type Refusal = { form: string; errors: Record<string, string>; note?: string | undefined; status: number };

/** The staff list and page of advisories, and the step forms. */
export function registerStaffAdvisoryPages(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, live, events } = deps;

  app.get('/advisories/manage', { schema: { tags: ['pages'], summary: 'Your authority’s advisories by status (authority staff)', querystring: ManageQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const status = isOneOf(ADVISORY_STATUSES, request.query.status) ? request.query.status : undefined;
    const cursor = request.query.cursor?.trim() || undefined;
    const page = await listManagedAdvisories(database.db, contextOf(request, clock), { status, cursor });
    const url = (next?: string) => `/advisories/manage?${new URLSearchParams({ ...(status === undefined ? {} : { status }), ...(next === undefined ? {} : { cursor: next }) }).toString()}`;
    const title = m(l, 'manageTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'manageLead')}>
          <p><a class="button button-primary" href="/advisories/new">{m(l, 'newAdvisory')}</a> <a href="/advisories">{m(l, 'publicList')}</a></p>
        </PageHeader>
        <form method="get" action="/advisories/manage" class="form form-inline" aria-label={m(l, 'status')}>
          <SelectField name="status" label={m(l, 'status')} value={status ?? ''} options={[{ value: '', label: m(l, 'anyStatus') }, ...ADVISORY_STATUSES.map((s) => ({ value: s, label: statusLabel(s, l) }))]} />
          <SubmitButton variant="secondary">{m(l, 'filter')}</SubmitButton>
        </form>
        <DataTable
          caption={m(l, 'manageCaption')}
          columns={[
            { key: 'reference', label: m(l, 'colReference') },
            { key: 'title', label: m(l, 'colTitle') },
            { key: 'severity', label: m(l, 'colSeverity') },
            { key: 'status', label: m(l, 'colStatus') },
            { key: 'updated', label: m(l, 'colUpdated') },
          ]}
          rows={page.items.map((row) => ({
            reference: <a href={`/advisories/manage/${row.id}`}>{referenceOf(row.number)}</a>,
            title: l === 'en' ? row.titleEn : row.titleVi,
            severity: <SeverityBadge severity={row.severity} l={l} />,
            status: <StatusBadge status={row.status} l={l} />,
            updated: <When at={row.updatedAt} l={l} />,
          }))}
          empty={m(l, 'manageEmpty')}
        />
        <Pagination locale={l} first={cursor === undefined ? undefined : url()} next={page.nextCursor === null ? undefined : url(page.nextCursor)} />
      </Layout>,
    );
  });

  const render = async (request: FastifyRequest<{ Params: { advisoryId: string } }>, reply: FastifyReply, refusal: Refusal | null) => {
    const l = localeOf(request);
    const done = DONE[(request.query as { done?: string } | undefined)?.done ?? ''];
    const ctx = pageContext(request, refusal === null && done !== undefined ? { kind: 'success', message: m(l, done) } : null);
    const useCtx = contextOf(request, clock);
    const { row, events: history } = await managedAdvisory(database.db, useCtx, request.params.advisoryId);
    const indicators = await readLinkedIndicators(database.db, live, row.indicatorIds, useCtx.now);
    const author = await organizationById(database.db, row.authorOrgId);
    const reviewer = holds(useCtx.actor, 'advisory.approve', row.authorOrgId, true);
    const own = useCtx.actor.type === 'user' && useCtx.actor.userId === row.authorUserId;
    const lastReturn = row.status === 'draft' ? history.filter((e) => e.kind === 'returned').at(-1) : undefined;
    const action = (step: string) => `/advisories/manage/${row.id}/${step}`;
    const audience = row.audience === 'org_kind' ? `${audienceLabel(row.audience, l)}: ${orgKindLabel(row.audienceOrgKind ?? '', l)}` : row.audience === 'org' ? `${audienceLabel(row.audience, l)}: ${(await organizationById(database.db, row.audienceOrgId ?? ''))?.name ?? '—'}` : audienceLabel(row.audience, l);
    const title = `${referenceOf(row.number)} · ${l === 'en' ? row.titleEn : row.titleVi}`;
    const facts = [
      { term: m(l, 'status'), description: <StatusBadge status={row.status} l={l} /> },
      { term: m(l, 'severity'), description: <SeverityBadge severity={row.severity} l={l} /> },
      { term: m(l, 'categories'), description: categoriesText(row.categories, l) },
      { term: m(l, 'audience'), description: audience },
      { term: m(l, 'createdAt'), description: <>{author?.name ?? ''} · <When at={row.createdAt} l={l} /></> },
      { term: m(l, 'submittedAt'), description: <When at={row.submittedAt} l={l} /> },
      { term: m(l, 'publishedAt'), description: row.publishedAt === null ? '—' : <><When at={row.publishedAt} l={l} /> · <a href={advisoryPath(row.number)}>{m(l, 'openPublic')}</a></> },
      { term: m(l, 'archivedAt'), description: <When at={row.archivedAt} l={l} /> },
    ];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <p class="back-link"><a href="/advisories/manage">← {m(l, 'backToManage')}</a></p>
        <PageHeader title={title} />
        {/* A refused step's problems at the top: its form may be gone (the advisory moved on). */}
        {refusal === null ? null : <FormProblems errors={refusal.errors} l={l} />}
        {lastReturn?.note == null ? null : <Alert kind="warning">{m(l, 'returnedNotice', { note: lastReturn.note })}</Alert>}
        <Card title={m(l, 'factsTitle')}>
          <DefinitionList items={facts} />
          {row.status === 'draft' ? <p><a class="button button-secondary" href={action('edit')}>{m(l, 'editLink')}</a></p> : null}
        </Card>
        {row.status === 'draft' ? (
          <Card title={m(l, 'submitTitle')} id="submit">
            <p>{m(l, 'submitLead')}</p>
            <form method="post" action={action('submit')} class="form"><CsrfField token={ctx.csrfToken} /><SubmitButton>{m(l, 'submitButton')}</SubmitButton></form>
          </Card>
        ) : null}
        {row.status === 'in_review' && reviewer ? (
          <>
            <Card title={m(l, 'approveTitle')} id="approve">
              <p>{own ? m(l, 'approveOwn') : m(l, 'approveLead')}</p>
              {own ? null : <form method="post" action={action('approve')} class="form"><CsrfField token={ctx.csrfToken} /><SubmitButton>{m(l, 'approveButton')}</SubmitButton></form>}
            </Card>
            <Card title={m(l, 'returnTitle')} id="return">
              <p>{m(l, 'returnLead')}</p>
              <form method="post" action={action('return')} class="form">
                <CsrfField token={ctx.csrfToken} />
                <TextArea name="note" label={m(l, 'returnNote')} required rows={3} maxlength={ADVISORY_LIMITS.note} value={refusal?.note} error={refusal?.form === 'return' ? refusal.errors.note : undefined} />
                <SubmitButton variant="secondary">{m(l, 'returnButton')}</SubmitButton>
              </form>
            </Card>
          </>
        ) : null}
        {row.status === 'published' && reviewer ? (
          <Card title={m(l, 'archiveTitle')} id="archive">
            <p>{m(l, 'archiveLead')}</p>
            <form method="post" action={action('archive')} class="form"><CsrfField token={ctx.csrfToken} /><SubmitButton variant="danger">{m(l, 'archiveButton')}</SubmitButton></form>
          </Card>
        ) : null}
        {(['vi', 'en'] as const).map((lang) => (
          <Card title={m(l, 'bodyTitle', { language: m(l, lang === 'vi' ? 'vietnamese' : 'english') })}>
            <h3 lang={lang}>{lang === 'en' ? row.titleEn : row.titleVi}</h3>
            <AdvisoryBody markdown={lang === 'en' ? row.bodyEn : row.bodyVi} lang={lang} />
          </Card>
        ))}
        <Card title={m(l, 'indicatorsTitle')}>
          <IndicatorTable indicators={indicators} l={l} />
        </Card>
        <Card title={m(l, 'casesTitle')}>
          {row.caseIds.length === 0 ? <p>{m(l, 'casesEmpty')}</p> : <ul class="link-list">{row.caseIds.map((id) => <li><a href={`/cases/${id}`}>{m(l, 'openCase', { id: id.slice(0, 8) })}</a></li>)}</ul>}
          {row.campaignRefs.length === 0 ? null : <><h3>{m(l, 'campaignsTitle')}</h3><ul>{row.campaignRefs.map((ref) => <li>{ref}</li>)}</ul></>}
        </Card>
        <Card title={m(l, 'historyTitle')}>
          <ol class="timeline">
            {history.map((e) => (
              <li>
                <When at={e.at} l={l} /> <strong>{eventLabel(e.kind, l)}</strong>
                {e.note === null ? null : <p class="pre-wrap">{e.note}</p>}
              </li>
            ))}
          </ol>
        </Card>
      </Layout>,
      refusal?.status ?? 200,
    );
  };

  app.get('/advisories/manage/:advisoryId', { schema: { tags: ['pages'], summary: 'One advisory for its authority’s staff, with its history and the review forms', params: Params, querystring: DetailQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    return render(request, reply, null);
  });

  const step = (path: string, done: string, fields: readonly string[], run: (request: FastifyRequest<{ Params: { advisoryId: string }; Body: Record<string, string | string[] | undefined> }>) => Promise<unknown>) =>
    app.post(`/advisories/manage/:advisoryId/${path}`, { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: `Advisory step: ${path} (form)`, params: Params, body: formSchema(fields) } }, async (request, reply) => {
      if (requireUserPage(request, reply) === null) return reply;
      try {
        await run(request);
      } catch (error) {
        const errors = formErrors(error, localeOf(request));
        return render(request, reply, { form: path, errors, note: formString(request.body, 'note'), status: error instanceof AppError ? error.status : 400 });
      }
      return reply.redirect(`/advisories/manage/${request.params.advisoryId}?done=${done}`, 303);
    });

  step('submit', 'submitted', [], (request) => database.transaction((tx) => submitAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId)));
  step('return', 'returned', ['note'], (request) => database.transaction((tx) => returnAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId, formString(request.body, 'note') ?? '')));
  step('approve', 'published', [], (request) => database.transaction((tx) => approveAdvisory(tx, contextOf(request, clock), request.params.advisoryId, events)));
  step('archive', 'archived', [], (request) => database.transaction((tx) => archiveAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId)));
}
