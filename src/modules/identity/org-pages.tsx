import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { Alert, Badge, Card, Checkboxes, CsrfField, DataTable, ErrorSummary, Field, PageHeader, SelectField, SubmitButton } from '../../web/components.tsx';
import { formList, formSchema, formString, type FormBody } from '../../web/forms.ts';
import type { Child } from '../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../web/layout.tsx';
import { pageContext, sendPage } from '../../web/page-context.ts';
import { formatTime, formErrorsOrThrow, summaryOf } from './admin-pages.tsx';
import { contextOf } from './http.ts';
import { createUser, listMembers, removeMember } from './members.ts';
import { m, type IdentityMessage } from './messages.ts';
import { rolesFor, SCOPES, type OrgKind, type Role, type Scope } from './model.ts';
import { getOrganization, updateOrganization } from './organizations.ts';
import { requireUserPage } from './page-guard.ts';
import { can } from './policy.ts';
import { createToken, listTokens, revokeToken } from './tokens.ts';

type Deps = { database: Database; clock: Clock };
type Notice = { kind: 'success' | 'error'; message: string; secret?: string };
type FormState = { form: 'settings' | 'user' | 'token'; values: FormBody; errors: Record<string, string> };

const Params = Type.Object({ orgId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const MemberParams = Type.Object({ orgId: Type.String({ format: 'uuid' }), userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const TokenParams = Type.Object({ orgId: Type.String({ format: 'uuid' }), tokenId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const DONE = ['saved', 'removed', 'revoked'] as const;
const doneMessage: Record<(typeof DONE)[number], IdentityMessage> = { saved: 'saved', removed: 'memberRemoved', revoked: 'tokenRevoked' };

/** One organisation: settings, members and API tokens, each with its form. */
export function registerOrgDetailPages(app: AppInstance, deps: Deps): void {
  const { database, clock } = deps;

  const orgPage = async (request: FastifyRequest, reply: FastifyReply, orgId: string, notice: Notice | null = null, state: FormState | null = null) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const context = contextOf(request, clock);
    const org = await getOrganization(database.db, context, orgId);
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    const kind = org.kind as OrgKind;
    const errorsFor = (form: FormState['form']) => (state?.form === form ? state.errors : {});
    const valueOf = (form: FormState['form'], name: string) => (state?.form === form ? formString(state.values, name) : undefined);

    const canManageUsers = can(user, 'user.manage', orgId);
    const canManageTokens = can(user, 'token.manage', orgId);
    const members = can(user, 'user.read', orgId) ? await listMembers(database.db, context, orgId) : [];
    const tokens = canManageTokens ? await listTokens(database.db, context, orgId) : [];
    const action = (path: string, label: string, variant: 'danger' | 'secondary' = 'danger'): Child => (
      <form method="post" action={path} class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <SubmitButton variant={variant}>{label}</SubmitButton>
      </form>
    );

    const settingsErrors = errorsFor('settings');
    const userErrors = errorsFor('user');
    const tokenErrors = errorsFor('token');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={org.name} wide>
        <p class="back-link"><a href="/admin/orgs">← {t('back')}</a></p>
        <PageHeader title={org.name} lead={`${t(`kind_${kind}`)} · ${org.slug}`} />
        {notice ? (
          <Alert kind={notice.kind}>
            {notice.message}
            {notice.secret ? <code class="secret" data-testid="shown-once">{notice.secret}</code> : null}
          </Alert>
        ) : null}

        <Card title={t('settingsTitle')}>
          {Object.keys(settingsErrors).length > 0 ? <ErrorSummary title={t('errorSummary')} errors={summaryOf(settingsErrors)} /> : null}
          {can(user, 'org.update', orgId) ? (
            <form method="post" action={`/admin/orgs/${orgId}`} class="form">
              <CsrfField token={ctx.csrfToken} />
              <Field name="name" label={t('name')} required maxlength={200} value={valueOf('settings', 'name') ?? org.name} error={settingsErrors.name} />
              <Field name="contactEmail" label={t('contactEmail')} type="email" maxlength={254} value={valueOf('settings', 'contactEmail') ?? org.contactEmail ?? undefined} error={settingsErrors.contactEmail} />
              <SubmitButton>{t('save')}</SubmitButton>
            </form>
          ) : (
            <p>{org.contactEmail ?? ''}</p>
          )}
        </Card>

        {can(user, 'user.read', orgId) ? (
          <Card title={t('membersTitle')}>
            <DataTable
              caption={t('membersCaption')}
              columns={[{ key: 'name', label: t('displayName') }, { key: 'email', label: t('email') }, { key: 'role', label: t('role') }, { key: 'twoFactor', label: t('twoFactor') }, { key: 'lastLogin', label: t('lastLogin') }, { key: 'actions', label: t('actions') }]}
              rows={members.map((mb) => ({
                name: mb.displayName,
                email: mb.email,
                role: t(`role_${mb.role}`),
                twoFactor: mb.totpEnabled ? <Badge tone="success">{t('yes')}</Badge> : <Badge tone="warning">{t('no')}</Badge>,
                lastLogin: formatTime(mb.lastLoginAt, ctx.locale),
                actions: canManageUsers && mb.userId !== user.userId ? action(`/admin/orgs/${orgId}/users/${mb.userId}/remove`, t('remove')) : '',
              }))}
              empty={t('noMembers')}
            />
            {canManageUsers ? (
              <form method="post" action={`/admin/orgs/${orgId}/users`} class="form">
                <h3>{t('addUser')}</h3>
                {Object.keys(userErrors).length > 0 ? <ErrorSummary title={t('errorSummary')} errors={summaryOf(userErrors)} /> : null}
                <CsrfField token={ctx.csrfToken} />
                <Field name="displayName" label={t('displayName')} required maxlength={120} value={valueOf('user', 'displayName')} error={userErrors.displayName} />
                <Field name="email" label={t('email')} type="email" required maxlength={254} value={valueOf('user', 'email')} error={userErrors.email} />
                <SelectField name="role" label={t('role')} required value={valueOf('user', 'role')} error={userErrors.role} options={rolesFor(kind).map((r) => ({ value: r, label: t(`role_${r}`) }))} />
                <SubmitButton>{t('addUser')}</SubmitButton>
              </form>
            ) : null}
          </Card>
        ) : null}

        {canManageTokens ? (
          <Card title={t('tokensTitle')}>
            <p>{t('tokensLead')}</p>
            <DataTable
              caption={t('tokensCaption')}
              columns={[{ key: 'name', label: t('tokenName') }, { key: 'prefix', label: t('prefix') }, { key: 'scopes', label: t('scopes') }, { key: 'created', label: t('created') }, { key: 'lastUsed', label: t('lastUsed') }, { key: 'status', label: t('status') }, { key: 'actions', label: t('actions') }]}
              rows={tokens.map((tk) => ({
                name: tk.name,
                prefix: <code>{tk.prefix}…</code>,
                scopes: tk.scopes.join(', '),
                created: formatTime(tk.createdAt, ctx.locale),
                lastUsed: tk.lastUsedAt ? formatTime(tk.lastUsedAt, ctx.locale) : t('never'),
                status: tk.revokedAt ? <Badge tone="neutral">{t('revoked')}</Badge> : <Badge tone="success">{t('active')}</Badge>,
                actions: tk.revokedAt ? '' : action(`/admin/orgs/${orgId}/tokens/${tk.id}/revoke`, t('revoke')),
              }))}
              empty={t('noTokens')}
            />
            <form method="post" action={`/admin/orgs/${orgId}/tokens`} class="form">
              <h3>{t('createToken')}</h3>
              {Object.keys(tokenErrors).length > 0 ? <ErrorSummary title={t('errorSummary')} form="token" errors={summaryOf(tokenErrors)} /> : null}
              <CsrfField token={ctx.csrfToken} />
              {/* form="token": the settings form above also has a "name" field; ids must stay unique. */}
              <Field name="name" form="token" label={t('tokenName')} required maxlength={100} value={valueOf('token', 'name')} error={tokenErrors.name} />
              <Checkboxes name="scopes" form="token" legend={t('scopes')} options={SCOPES.map((s) => ({ value: s, label: s }))} values={state?.form === 'token' ? formList(state.values, 'scopes') : []} error={tokenErrors.scopes} />
              <SubmitButton>{t('createToken')}</SubmitButton>
            </form>
          </Card>
        ) : null}
      </Layout>,
      state === null ? 200 : 400,
    );
  };

  app.get('/admin/orgs/:orgId', { schema: { tags: ['pages'], summary: 'Organisation page', params: Params, querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) => {
    const done = DONE.find((d) => d === request.query.done);
    const notice: Notice | null = done === undefined ? null : { kind: 'success', message: m(pageContext(request).locale, doneMessage[done]) };
    return orgPage(request, reply, request.params.orgId, notice);
  });

  app.post('/admin/orgs/:orgId', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Change organisation settings (form)', params: Params, body: formSchema(['name', 'contactEmail']) } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const body = request.body as FormBody;
    const { orgId } = request.params;
    try {
      await database.transaction((tx) => updateOrganization(tx.db, contextOf(request, clock), orgId, { name: formString(body, 'name') ?? '', contactEmail: formString(body, 'contactEmail') ?? null }));
    } catch (error) {
      return orgPage(request, reply, orgId, null, { form: 'settings', values: body, errors: formErrorsOrThrow(error) });
    }
    return reply.redirect(`/admin/orgs/${orgId}?done=saved`, 303);
  });

  app.post('/admin/orgs/:orgId/users', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Add a user (form)', params: Params, body: formSchema(['displayName', 'email', 'role']) } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const body = request.body as FormBody;
    const { orgId } = request.params;
    const email = formString(body, 'email') ?? '';
    try {
      const created = await database.transaction((tx) =>
        createUser(tx.db, contextOf(request, clock), { orgId, email, displayName: formString(body, 'displayName') ?? '', role: (formString(body, 'role') ?? '') as Role }),
      );
      const locale = pageContext(request).locale;
      const message = `${m(locale, 'userCreated', { email: created.user.email })} ${created.oneTimePassword ? m(locale, 'oneTimePassword') : ''}`;
      return orgPage(request, reply, orgId, { kind: 'success', message, ...(created.oneTimePassword !== null && { secret: created.oneTimePassword }) });
    } catch (error) {
      return orgPage(request, reply, orgId, null, { form: 'user', values: body, errors: formErrorsOrThrow(error) });
    }
  });

  app.post('/admin/orgs/:orgId/users/:userId/remove', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Remove a member (form)', params: MemberParams, body: formSchema([]) } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    await database.transaction((tx) => removeMember(tx.db, contextOf(request, clock), request.params.orgId, request.params.userId));
    return reply.redirect(`/admin/orgs/${request.params.orgId}?done=removed`, 303);
  });

  app.post('/admin/orgs/:orgId/tokens', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Create an API token (form)', params: Params, body: formSchema(['name', 'scopes']) } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const body = request.body as FormBody;
    const { orgId } = request.params;
    try {
      const scopes = formList(body, 'scopes').filter((s): s is Scope => SCOPES.some((known) => known === s));
      const created = await database.transaction((tx) => createToken(tx.db, contextOf(request, clock), { orgId, name: formString(body, 'name') ?? '', scopes }));
      return orgPage(request, reply, orgId, { kind: 'success', message: m(pageContext(request).locale, 'tokenCreated'), secret: created.token });
    } catch (error) {
      return orgPage(request, reply, orgId, null, { form: 'token', values: body, errors: formErrorsOrThrow(error) });
    }
  });

  app.post('/admin/orgs/:orgId/tokens/:tokenId/revoke', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Revoke an API token (form)', params: TokenParams, body: formSchema([]) } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    await database.transaction((tx) => revokeToken(tx.db, contextOf(request, clock), request.params.orgId, request.params.tokenId));
    return reply.redirect(`/admin/orgs/${request.params.orgId}?done=revoked`, 303);
  });
}
