// Staff: the queue of applications by status (/admin/trust) and the form that enters a
// well-known organisation in the directory without a badge.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../../core/http/types.ts';
import { Card, CsrfField, DataTable, ErrorSummary, Field, PageHeader, Pagination, SubmitButton, TextArea, Alert, type Column } from '../../../../web/components.tsx';
import { formString, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../../web/page-context.ts';
import { contextOf } from '../../../identity/http.ts';
import { can, requireUserPage } from '../../../identity/index.ts';
import { formatTime } from '../../../identity/admin-pages.tsx';
import type { ReputationDeps } from '../../routes.ts';
import { CRITERIA } from '../criteria.ts';
import { createListedEntity } from '../directory.ts';
import { TRUST_LIMITS } from '../model.ts';
import { statusLabel, t, type TrustMessage } from '../messages.ts';
import { listApplications, QUEUE_FILTERS, type ApplicationSummary, type QueueFilter } from '../review.ts';
import { formErrorsOf, type FormErrors } from './problems.ts';
import { StatusBadge } from './status-badge.tsx';

const PAGE_SIZE = 50;

const QueueQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 30 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

const EntryForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: TRUST_LIMITS.name * 2 })),
    slug: Type.Optional(Type.String({ maxLength: 200 })),
    website: Type.Optional(Type.String({ maxLength: TRUST_LIMITS.website })),
    description: Type.Optional(Type.String({ maxLength: TRUST_LIMITS.description * 2 })),
    domains: Type.Optional(Type.String({ maxLength: TRUST_LIMITS.domains * (TRUST_LIMITS.domain + 12) })),
  },
  { additionalProperties: false },
);

type EntryState = { values: FormBody; errors: FormErrors };

function queueUrl(filter: QueueFilter, offset = 0): string {
  const params = new URLSearchParams();
  if (filter !== 'open') params.set('status', filter);
  if (offset > 0) params.set('offset', String(offset));
  const query = params.toString();
  return query === '' ? '/admin/trust' : `/admin/trust?${query}`;
}

function NewEntryForm(props: { ctx: PageContext; state: EntryState | null }): Html {
  const l = props.ctx.locale;
  const m = (key: TrustMessage) => t(l, key);
  const values = props.state?.values ?? {};
  const { _form: whole, ...errors } = props.state?.errors ?? {};
  const value = (name: string) => formString(values, name);
  return (
    <Card title={m('newEntryTitle')} id="new-entry">
      <p>{m('newEntryLead')}</p>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={m('errorSummary')} errors={Object.entries(errors).map(([field, message]) => ({ field, message }))} />
      <form method="post" action="/admin/trust/entities" class="form">
        <CsrfField token={props.ctx.csrfToken} />
        <Field name="name" label={m('nameLabel')} required maxlength={TRUST_LIMITS.name} value={value('name')} error={errors.name} />
        <Field name="slug" label={m('slugLabel')} hint={m('slugHint')} maxlength={TRUST_LIMITS.slug} value={value('slug')} error={errors.slug} />
        <Field name="website" type="url" label={m('websiteLabel')} maxlength={TRUST_LIMITS.website} value={value('website')} error={errors.website} />
        <TextArea name="domains" label={m('domainsLabel')} hint={m('newEntryDomainsHint')} rows={3} value={value('domains')} error={errors.domains} />
        <TextArea name="description" label={m('descriptionLabel')} hint={m('descriptionHint')} rows={3} maxlength={TRUST_LIMITS.description} value={value('description')} error={errors.description} />
        <SubmitButton>{m('newEntrySubmit')}</SubmitButton>
      </form>
    </Card>
  );
}

function QueuePage(props: { ctx: PageContext; filter: QueueFilter; offset: number; items: ApplicationSummary[]; total: number; canDecide: boolean; entry: EntryState | null }): Html {
  const l = props.ctx.locale;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const columns: Column<'name' | 'status' | 'domains' | 'progress' | 'submitted'>[] = [
    { key: 'name', label: m('colName') },
    { key: 'status', label: m('colStatus') },
    { key: 'domains', label: m('colDomains') },
    { key: 'progress', label: m('colProgress'), numeric: true },
    { key: 'submitted', label: m('colSubmitted') },
  ];
  const rows = props.items.map(({ entity, domains, counts }) => ({
    name: <a href={`/admin/trust/${entity.id}`}>{entity.name}</a>,
    status: <StatusBadge status={entity.status} locale={l} />,
    domains: domains.join(', '),
    progress: entity.status === 'listed' ? '—' : m('progress', { met: counts.met, total: CRITERIA.length }),
    submitted: formatTime(entity.createdAt, l),
  }));
  return (
    <Layout ctx={props.ctx} title={m('adminTitle')} wide>
      <PageHeader title={m('adminTitle')} lead={m('adminLead')} />
      <nav aria-label={m('filterLabel')}>
        <ul class="trust-filters">
          {QUEUE_FILTERS.map((filter) => (
            <li>
              <a href={queueUrl(filter)} aria-current={filter === props.filter ? 'page' : undefined}>
                {statusLabel(filter, l)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <DataTable caption={`${m('queueCaption')} — ${statusLabel(props.filter, l)}`} columns={columns} rows={rows} empty={m('queueEmpty')} />
      {props.total > 0 ? <p>{m('shown', { count: props.items.length, total: props.total })}</p> : null}
      <Pagination
        locale={l}
        prev={props.offset > 0 ? queueUrl(props.filter, Math.max(0, props.offset - PAGE_SIZE)) : undefined}
        next={props.offset + PAGE_SIZE < props.total ? queueUrl(props.filter, props.offset + PAGE_SIZE) : undefined}
      />
      {props.canDecide ? <NewEntryForm ctx={props.ctx} state={props.entry} /> : null}
    </Layout>
  );
}

/** GET /admin/trust and POST /admin/trust/entities. */
export function registerQueuePage(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, entry: EntryState | null, status = 200) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const query = request.query as { status?: string; offset?: number; done?: string };
    const filter = QUEUE_FILTERS.find((f) => f === query.status) ?? 'open';
    const offset = query.offset ?? 0;
    const { items, total } = await listApplications(database.db, contextOf(request, clock), filter, { limit: PAGE_SIZE, offset });
    const flash = entry === null && query.done === 'listed' ? { kind: 'success' as const, message: t(localeOf(request), 'doneListed') } : null;
    const page = <QueuePage ctx={pageContext(request, flash)} filter={filter} offset={offset} items={items} total={total} canDecide={can(user, 'trust.decide')} entry={entry} />;
    return sendPage(reply, page, status);
  };

  app.get('/admin/trust', { schema: { tags: ['pages'], summary: 'Network trust applications (staff)', querystring: QueueQuery } }, (request, reply) => render(request, reply, null));

  app.post('/admin/trust/entities', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Enter an organisation in the trust directory (form)', body: EntryForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const body = request.body as FormBody;
    const lines = (formString(body, 'domains') ?? '').split(/\r\n|\r|\n/).map((line, index) => ({ value: line.trim(), line: index + 1 })).filter((e) => e.value !== '');
    try {
      await database.transaction((tx) =>
        createListedEntity(tx, contextOf(request, clock), {
          name: formString(body, 'name') ?? '',
          slug: formString(body, 'slug') ?? null,
          website: formString(body, 'website') ?? null,
          description: formString(body, 'description') ?? null,
          domains: lines.map((e) => e.value),
        }),
      );
    } catch (error) {
      const { errors, status } = formErrorsOf(error, localeOf(request), lines.map((e) => e.line));
      return render(request, reply, { values: body, errors }, status);
    }
    return reply.redirect('/admin/trust?status=listed&done=listed', 303);
  });
}
