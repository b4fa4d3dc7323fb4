import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { formatTime } from '../../core/i18n.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { Alert, Card, CsrfField, DataTable, ErrorSummary, Field, PageHeader, SelectField, SubmitButton } from '../../web/components.tsx';
import { fieldErrors, formSchema, formString, type FormBody } from '../../web/forms.ts';
import type { Child } from '../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../web/layout.tsx';
import { pageContext, sendPage } from '../../web/page-context.ts';
import { contextOf } from './http.ts';
import { m, type IdentityMessage } from './messages.ts';
import { AUTHORITY_SCOPES, ORG_KINDS, type AuthorityScope, type OrgKind } from './model.ts';
import { createOrganization, listOrganizations } from './organizations.ts';
import { requireUserPage } from './page-guard.ts';
import { can } from './policy.ts';
import { registerOrgDetailPages } from './org-pages.tsx';

type Deps = { database: Database; clock: Clock };

const OrgForm = formSchema(['slug', 'name', 'kind', 'scope', 'provinceCode', 'contactEmail']);

/** Format an instant for people, in Vietnam time (kept here for the pages that import it from identity). */
export { formatTime };

/** Turn a thrown error into form errors, or rethrow what is not about the form. */
export function formErrorsOrThrow(error: unknown): Record<string, string> {
  const errors = fieldErrors(error);
  if (errors === null) throw error;
  return errors;
}

/** Error summary entries from field errors. */
export function summaryOf(errors: Record<string, string>): { field: string; message: string }[] {
  return Object.entries(errors).map(([field, message]) => ({ field, message }));
}

/** The admin dashboard and the organisations list. */
export function registerAdminPages(app: AppInstance, deps: Deps): void {
  const { database, clock } = deps;

  app.get('/admin', { schema: { tags: ['pages'], summary: 'Administration home' } }, (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    const links: { href: string; label: string; show: boolean }[] = [
      { href: '/admin/orgs', label: t('orgsTitle'), show: true },
      { href: '/admin/rules', label: t('rulesLink'), show: can(user, 'rules.read') },
      { href: '/admin/audit', label: t('auditLink'), show: user.memberships.some((mb) => can(user, 'audit.read', mb.orgId)) },
      { href: '/admin/indicators', label: t('indicatorsLink'), show: can(user, 'indicator.read') },
      { href: '/admin/indicators/import', label: t('importLink'), show: can(user, 'indicator.import') },
      { href: '/admin/appeals', label: t('appealsLink'), show: can(user, 'appeal.decide') },
      { href: '/admin/trust', label: t('trustLink'), show: can(user, 'trust.review') },
      { href: '/admin/feeds', label: t('feedsLink'), show: can(user, 'feed.deployments_read') },
      { href: '/admin/notifications', label: t('notificationsLink'), show: can(user, 'notifications.read_all') },
    ];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('adminTitle')}>
        <PageHeader title={t('adminTitle')} lead={t('adminLead')} />
        <ul class="link-list">
          {links.filter((l) => l.show).map((l) => (
            <li><a href={l.href}>{l.label}</a></li>
          ))}
        </ul>
      </Layout>,
    );
  });

  const orgsPage = async (request: FastifyRequest, reply: FastifyReply, form: { values?: FormBody; errors?: Record<string, string>; status?: number; done?: boolean } = {}) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    const orgs = await listOrganizations(database.db, contextOf(request, clock));
    const rows = orgs.map((org) => ({
      name: <a href={`/admin/orgs/${org.id}`}>{org.name}</a>,
      slug: <code>{org.slug}</code>,
      kind: t(`kind_${org.kind as OrgKind}`) + (org.scope ? ` · ${t(`scope_${org.scope as AuthorityScope}`)}` : ''),
      status: t(org.status === 'active' ? 'status_active' : 'status_suspended'),
    }));
    const values = form.values ?? {};
    const errors = form.errors ?? {};
    const createForm: Child = can(user, 'org.create') ? (
      <Card title={t('createOrg')}>
        {Object.keys(errors).length > 0 ? <ErrorSummary title={t('errorSummary')} errors={summaryOf(errors)} /> : null}
        <form method="post" action="/admin/orgs" class="form">
          <CsrfField token={ctx.csrfToken} />
          <Field name="name" label={t('name')} required maxlength={200} value={formString(values, 'name')} error={errors.name} />
          <Field name="slug" label={t('slug')} required maxlength={64} value={formString(values, 'slug')} error={errors.slug} />
          <SelectField name="kind" label={t('kind')} required value={formString(values, 'kind')} error={errors.kind} options={ORG_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
          <SelectField name="scope" label={t('scope')} value={formString(values, 'scope') ?? ''} error={errors.scope} options={[{ value: '', label: t('none') }, ...AUTHORITY_SCOPES.map((s) => ({ value: s, label: t(`scope_${s}`) }))]} />
          <Field name="provinceCode" label={t('province')} maxlength={40} value={formString(values, 'provinceCode')} error={errors.provinceCode} />
          <Field name="contactEmail" label={t('contactEmail')} type="email" maxlength={254} value={formString(values, 'contactEmail')} error={errors.contactEmail} />
          <SubmitButton>{t('createOrg')}</SubmitButton>
        </form>
      </Card>
    ) : null;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('orgsTitle')} wide>
        <PageHeader title={t('orgsTitle')} lead={t('orgsLead')} />
        {form.done ? <Alert kind="success">{t('orgCreated')}</Alert> : null}
        <DataTable caption={t('orgsCaption')} columns={[{ key: 'name', label: t('name') }, { key: 'slug', label: 'Slug' }, { key: 'kind', label: t('kind') }, { key: 'status', label: t('status') }]} rows={rows} empty={t('noOrgs')} />
        {createForm}
      </Layout>,
      form.status ?? 200,
    );
  };

  app.get('/admin/orgs', { schema: { tags: ['pages'], summary: 'Organisations page', querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) =>
    orgsPage(request, reply, { done: request.query.done === 'created' }),
  );

  app.post('/admin/orgs', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Create an organisation (form)', body: OrgForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const body = request.body as FormBody;
    const kind = formString(body, 'kind');
    const scope = formString(body, 'scope');
    try {
      if (!ORG_KINDS.some((k) => k === kind)) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'kind', message: 'choose a kind' }]);
      if (scope !== undefined && !AUTHORITY_SCOPES.some((s) => s === scope)) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'scope', message: 'national or provincial' }]);
      const slug = formString(body, 'slug') ?? '';
      await database.transaction((tx) =>
        createOrganization(tx.db, contextOf(request, clock), {
          slug,
          name: formString(body, 'name') ?? '',
          kind: kind as OrgKind,
          scope: (scope as AuthorityScope | undefined) ?? null,
          provinceCode: formString(body, 'provinceCode') ?? null,
          contactEmail: formString(body, 'contactEmail') ?? null,
        }),
      );
    } catch (error) {
      return orgsPage(request, reply, { values: body, errors: formErrorsOrThrow(error), status: 400 });
    }
    return reply.redirect('/admin/orgs?done=created', 303);
  });

  registerOrgDetailPages(app, deps);
}
