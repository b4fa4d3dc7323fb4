// The advisory form: GET/POST /advisories/new (a draft) and GET/POST
// /advisories/manage/:advisoryId/edit (a draft's changes). Both languages side by side, severity,
// categories, audience, and the links one per line. The use cases check everything; a refusal
// shows the form again with each problem at its field, in the visitor's language.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import { Card, Checkboxes, CsrfField, Field, PageHeader, SelectField, SubmitButton, TextArea } from '../../../../web/components.tsx';
import { formList, formSchema, formString, FormValue, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../../web/page-context.ts';
import { CATEGORY_CODES, categoryLabel } from '../../../cases/index.ts';
import { contextOf } from '../../../identity/http.ts';
import { organizationsByIds, requireAccess, requireUserPage, type OrganizationRow } from '../../../identity/index.ts';
import type { AlertsDeps } from '../../deps.ts';
import type { AdvisoryContent } from '../content.ts';
import { createAdvisory, editAdvisory } from '../drafting.ts';
import { ADVISORY_LIMITS as L, AUDIENCES, ORG_KINDS, referenceOf, SEVERITIES } from '../model.ts';
import { managedAdvisory } from '../queries.ts';
import type { AdvisoryRow } from '../repository.ts';
import { FormProblems, formErrors } from './components.tsx';
import { audienceLabel, orgKindLabel, severityLabel } from './labels.ts';
import { advisoryMessage as m } from './messages.ts';

const FIELDS = ['titleVi', 'titleEn', 'severity', 'categories', 'audience', 'audienceOrgKind', 'audienceOrgId', 'indicatorIds', 'caseIds', 'campaignRefs'] as const;
// A browser sends CRLF line ends: twice the characters the use case counts (it normalises them).
const bodyField = Type.Optional(Type.Union([Type.String({ maxLength: L.body * 2 }), Type.Array(Type.String({ maxLength: L.body * 2 }), { maxItems: 1 })]));
const AdvisoryForm = Type.Object({ ...formSchema(FIELDS).properties, categories: Type.Optional(FormValue), bodyVi: bodyField, bodyEn: bodyField }, { additionalProperties: false });
const Params = Type.Object({ advisoryId: Type.String({ format: 'uuid' }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });

const lines = (body: FormBody, name: string) => (formString(body, name) ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
const rawText = (body: FormBody, name: string) => {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** The content a form asks for; the organisation kind and id count only with their audience. */
export function contentOfForm(body: FormBody): AdvisoryContent {
  const audience = formString(body, 'audience') ?? '';
  return {
    title: { vi: formString(body, 'titleVi') ?? '', en: formString(body, 'titleEn') ?? '' },
    body: { vi: rawText(body, 'bodyVi'), en: rawText(body, 'bodyEn') },
    severity: formString(body, 'severity') ?? '',
    categories: formList(body, 'categories'),
    indicatorIds: lines(body, 'indicatorIds'),
    caseIds: lines(body, 'caseIds'),
    campaignRefs: lines(body, 'campaignRefs'),
    audience,
    audienceOrgKind: audience === 'org_kind' ? (formString(body, 'audienceOrgKind') ?? null) : null,
    audienceOrgId: audience === 'org' ? (formString(body, 'audienceOrgId') ?? null) : null,
  };
}

/** A draft's content as the form's values. */
function valuesOf(row: AdvisoryRow): FormBody {
  return {
    titleVi: row.titleVi, titleEn: row.titleEn, bodyVi: row.bodyVi, bodyEn: row.bodyEn, severity: row.severity, categories: row.categories, audience: row.audience,
    audienceOrgKind: row.audienceOrgKind ?? undefined, audienceOrgId: row.audienceOrgId ?? undefined,
    indicatorIds: row.indicatorIds.join('\n'), caseIds: row.caseIds.join('\n'), campaignRefs: row.campaignRefs.join('\n'),
  };
}

type FormProps = { ctx: PageContext; action: string; title: string; values: FormBody; errors: Record<string, string>; orgs: readonly OrganizationRow[]; submit: string; back: string };

function AdvisoryFormPage(props: FormProps): Html {
  const { ctx, values: v, errors: e } = props;
  const l = ctx.locale;
  const value = (name: string) => formString(v, name);
  return (
    <Layout ctx={ctx} title={props.title} wide>
      <p class="back-link"><a href={props.back}>← {m(l, 'backToManage')}</a></p>
      <PageHeader title={props.title} lead={m(l, 'formLead')} />
      <FormProblems errors={e} l={l} />
      <form method="post" action={props.action} class="form">
        <CsrfField token={ctx.csrfToken} />
        <Card title={m(l, 'vietnamese')}>
          <Field name="titleVi" label={m(l, 'titleVi')} required maxlength={L.title} value={value('titleVi')} error={e.titleVi} />
          <TextArea name="bodyVi" label={m(l, 'bodyVi')} hint={m(l, 'bodyHint', { max: L.body })} required rows={12} maxlength={L.body} value={rawText(v, 'bodyVi')} error={e.bodyVi} />
        </Card>
        <Card title={m(l, 'english')}>
          <Field name="titleEn" label={m(l, 'titleEn')} required maxlength={L.title} value={value('titleEn')} error={e.titleEn} />
          <TextArea name="bodyEn" label={m(l, 'bodyEn')} hint={m(l, 'bodyHint', { max: L.body })} required rows={12} maxlength={L.body} value={rawText(v, 'bodyEn')} error={e.bodyEn} />
        </Card>
        <Card title={m(l, 'factsTitle')}>
          <SelectField name="severity" label={m(l, 'severity')} hint={m(l, 'severityHint')} required value={value('severity') ?? 'medium'} error={e.severity} options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(s, l) }))} />
          <Checkboxes name="categories" legend={m(l, 'categoriesLegend')} values={formList(v, 'categories')} error={e.categories} options={CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))} />
          <Checkboxes name="audience" type="radio" required legend={m(l, 'audienceLegend')} values={[value('audience') ?? 'public']} error={e.audience} options={AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a, l) }))} />
          <SelectField name="audienceOrgKind" label={m(l, 'audienceOrgKind')} hint={m(l, 'audienceKindHint')} value={value('audienceOrgKind') ?? ''} error={e.audienceOrgKind} options={[{ value: '', label: m(l, 'chooseKind') }, ...ORG_KINDS.map((k) => ({ value: k, label: orgKindLabel(k, l) }))]} />
          <SelectField name="audienceOrgId" label={m(l, 'audienceOrgId')} hint={m(l, 'audienceOrgHint')} value={value('audienceOrgId') ?? ''} error={e.audienceOrgId} options={[{ value: '', label: m(l, 'chooseOrg') }, ...props.orgs.map((o) => ({ value: o.id, label: `${o.name} (${orgKindLabel(o.kind, l)})` }))]} />
        </Card>
        <Card title={m(l, 'linksTitle')}>
          <TextArea name="indicatorIds" label={m(l, 'indicatorIds')} hint={m(l, 'indicatorIdsHint', { max: L.indicators })} rows={3} value={value('indicatorIds')} error={e.indicatorIds} />
          <TextArea name="caseIds" label={m(l, 'caseIds')} hint={m(l, 'caseIdsHint', { max: L.cases })} rows={3} value={value('caseIds')} error={e.caseIds} />
          <TextArea name="campaignRefs" label={m(l, 'campaignRefs')} hint={m(l, 'campaignRefsHint', { max: L.campaignRefs, length: L.campaignRef })} rows={3} value={value('campaignRefs')} error={e.campaignRefs} />
        </Card>
        <SubmitButton>{props.submit}</SubmitButton>
      </form>
    </Layout>
  );
}

/** The new and edit forms and their posts. */
export function registerAdvisoryFormPages(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, live } = deps;
  const activeOrgs = async () => (await organizationsByIds(database.db, null)).filter((o) => o.status === 'active');

  const showNew = async (request: FastifyRequest, reply: FastifyReply, values: FormBody, errors: Record<string, string>, status = 200) => {
    const ctx = pageContext(request);
    return sendPage(reply, <AdvisoryFormPage ctx={ctx} action="/advisories/new" title={m(ctx.locale, 'newTitle')} values={values} errors={errors} orgs={await activeOrgs()} submit={m(ctx.locale, 'createButton')} back="/advisories/manage" />, status);
  };

  app.get('/advisories/new', { schema: { tags: ['pages'], summary: 'Write a new advisory (form; authority staff)', querystring: LangQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    requireAccess(contextOf(request, clock).actor, 'advisory.write');
    return showNew(request, reply, {}, {});
  });

  app.post('/advisories/new', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Save a new advisory as a draft (form)', body: AdvisoryForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const ctx = contextOf(request, clock);
    requireAccess(ctx.actor, 'advisory.write');
    try {
      const row = await database.transaction((tx) => createAdvisory(tx.db, ctx, contentOfForm(request.body), { live }));
      return reply.redirect(`/advisories/manage/${row.id}?done=created`, 303);
    } catch (error) {
      return showNew(request, reply, request.body, formErrors(error, localeOf(request)), error instanceof AppError ? error.status : 400);
    }
  });

  const showEdit = async (request: FastifyRequest<{ Params: { advisoryId: string } }>, reply: FastifyReply, values: FormBody | null, errors: Record<string, string>, status = 200) => {
    const ctx = pageContext(request);
    const { row } = await managedAdvisory(database.db, contextOf(request, clock), request.params.advisoryId);
    const title = m(ctx.locale, 'editFormTitle', { reference: referenceOf(row.number) });
    const back = `/advisories/manage/${row.id}`;
    return sendPage(reply, <AdvisoryFormPage ctx={ctx} action={`${back}/edit`} title={title} values={values ?? valuesOf(row)} errors={errors} orgs={await activeOrgs()} submit={m(ctx.locale, 'saveButton')} back={back} />, status);
  };

  app.get('/advisories/manage/:advisoryId/edit', { schema: { tags: ['pages'], summary: 'Edit a draft advisory (form)', params: Params, querystring: LangQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    return showEdit(request, reply, null, {});
  });

  app.post('/advisories/manage/:advisoryId/edit', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Save a draft’s changes (form)', params: Params, body: AdvisoryForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    try {
      await database.transaction((tx) => editAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId, contentOfForm(request.body), { live }));
      return reply.redirect(`/advisories/manage/${request.params.advisoryId}?done=edited`, 303);
    } catch (error) {
      return showEdit(request, reply, request.body, formErrors(error, localeOf(request)), error instanceof AppError ? error.status : 400);
    }
  });
}
