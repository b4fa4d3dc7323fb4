// The public application form (/trust/apply) and the page after it is sent. Works without
// JavaScript: a plain urlencoded form with the CSRF field, a signed stamp and a honeypot; a
// refused form comes back with every problem listed and tied to its field.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../../core/http/types.ts';
import { isLocale, type Locale } from '../../../../core/i18n.ts';
import { Alert, CsrfField, ErrorSummary, Field, PageHeader, SubmitButton, TextArea, fieldId } from '../../../../web/components.tsx';
import { formString, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../../web/page-context.ts';
import { contextOf } from '../../../identity/http.ts';
import type { ReputationDeps } from '../../routes.ts';
import { prepareApplication, submitApplication } from '../applications.ts';
import { CRITERIA } from '../criteria.ts';
import { checkFormStamp, issueFormStamp } from '../form-stamp.ts';
import { applicationRateLimit, isUuid, TRUST_LIMITS } from '../model.ts';
import { t, type TrustMessage } from '../messages.ts';
import { formErrorsOf, type FormErrors } from './problems.ts';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** The form's fields, each bounded (a browser's maxlength keeps people inside these). */
const ApplyForm = Type.Object(
  {
    _csrf: text(200),
    stamp: text(100),
    url: text(500),
    name: text(TRUST_LIMITS.name * 2),
    slug: text(200),
    website: text(TRUST_LIMITS.website),
    description: text(TRUST_LIMITS.description * 2),
    domains: text(TRUST_LIMITS.domains * (TRUST_LIMITS.domain + 12)),
    contact: text(TRUST_LIMITS.contact),
    ...Object.fromEntries(CRITERIA.map((c) => [`statement_${c.code}`, text(TRUST_LIMITS.statement * 2)])),
  },
  { additionalProperties: false },
);

const SentQuery = Type.Object({ ref: Type.Optional(Type.String({ maxLength: 100 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });

/** Each non-empty line of the domains box, with its line number. */
function domainLines(value: string | undefined): { value: string; line: number }[] {
  return (value ?? '')
    .split(/\r\n|\r|\n/)
    .map((line, index) => ({ value: line.trim(), line: index + 1 }))
    .filter((entry) => entry.value !== '');
}

/** `?lang=xx` when the page was opened with it, so the next page keeps the language. */
function langQuery(request: FastifyRequest): string {
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLocale(lang) ? `lang=${lang}` : '';
}

// People never see this field (off-screen, hidden from assistive technology, out of the tab order).
function Honeypot(props: { locale: Locale }): Html {
  const id = fieldId('url');
  return (
    <div class="hp" aria-hidden="true">
      <label for={id}>{t(props.locale, 'honeypotLabel')}</label>
      <input id={id} name="url" type="text" value="" tabindex="-1" autocomplete="off" />
    </div>
  );
}

type ApplyState = { values: FormBody; errors: FormErrors; stamp: string; action: string };

function ApplyPage(props: { ctx: PageContext; state: ApplyState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const m = (key: TrustMessage) => t(l, key);
  const value = (name: string) => formString(state.values, name);
  const { _form: whole, ...fields } = state.errors;
  return (
    <Layout ctx={ctx} title={m('applyTitle')}>
      <PageHeader title={m('applyTitle')} lead={m('applyLead')}>
        <p>
          <a href="/trust">{m('backToDirectory')}</a>
        </p>
      </PageHeader>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={m('errorSummary')} errors={Object.entries(fields).map(([field, message]) => ({ field, message }))} />
      <form method="post" action={state.action} class="form trust-apply">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="stamp" value={state.stamp} />
        <Field name="name" label={m('nameLabel')} hint={m('nameHint')} required maxlength={TRUST_LIMITS.name} autocomplete="organization" value={value('name')} error={fields.name} />
        <Field name="website" type="url" label={m('websiteLabel')} hint={m('websiteHint')} required maxlength={TRUST_LIMITS.website} autocomplete="url" value={value('website')} error={fields.website} />
        <TextArea name="domains" label={m('domainsLabel')} hint={m('domainsHint')} required rows={4} value={value('domains')} error={fields.domains} />
        <Field name="contact" type="email" label={m('contactLabel')} hint={m('contactHint')} required maxlength={TRUST_LIMITS.contact} autocomplete="email" value={value('contact')} error={fields.contact} />
        <TextArea name="description" label={m('descriptionLabel')} hint={m('descriptionHint')} rows={3} maxlength={TRUST_LIMITS.description} value={value('description')} error={fields.description} />
        <Field name="slug" label={m('slugLabel')} hint={m('slugHint')} maxlength={TRUST_LIMITS.slug} value={value('slug')} error={fields.slug} />
        <section class="trust-criteria-fields" aria-labelledby="criteria-title">
          <h2 id="criteria-title">{m('criteriaTitle')}</h2>
          <p>{m('criteriaLead')}</p>
          {CRITERIA.map((c) => (
            <TextArea
              name={`statement_${c.code}`}
              label={c.label[l]}
              hint={`${c.explanation[l]} ${c.prompt[l]}`}
              required
              rows={3}
              maxlength={TRUST_LIMITS.statement}
              value={value(`statement_${c.code}`)}
              error={fields[`statement_${c.code}`]}
            />
          ))}
        </section>
        <Honeypot locale={l} />
        <section class="privacy-note" aria-labelledby="privacy-title">
          <h2 id="privacy-title">{m('privacyTitle')}</h2>
          <p>{m('privacyText')}</p>
        </section>
        <SubmitButton>{m('submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

function SentPage(props: { ctx: PageContext; reference: string }): Html {
  const l = props.ctx.locale;
  const m = (key: TrustMessage) => t(l, key);
  return (
    <Layout ctx={props.ctx} title={m('sentTitle')}>
      <PageHeader title={m('sentTitle')} lead={m('sentLead')} />
      <section class="card trust-reference" aria-labelledby="reference-title">
        <h2 id="reference-title" class="card-title">{m('referenceLabel')}</h2>
        <p>
          <code class="trust-reference-code">{props.reference}</code>
        </p>
        <p class="field-hint">{m('referenceHint')}</p>
      </section>
      <h2>{m('nextTitle')}</h2>
      <ol>
        <li>{m('next1')}</li>
        <li>{m('next2')}</li>
        <li>{m('next3')}</li>
      </ol>
      <p>
        <a href="/trust">{m('backToDirectory')}</a>
      </p>
    </Layout>
  );
}

/** GET and POST /trust/apply, and the page after sending. */
export function registerApplyPages(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, box } = deps;

  const formPage = (request: FastifyRequest, reply: FastifyReply, values: FormBody, errors: FormErrors, status = 200) => {
    const lang = langQuery(request);
    const state: ApplyState = { values, errors, stamp: issueFormStamp(box, clock.now()), action: lang === '' ? '/trust/apply' : `/trust/apply?${lang}` };
    return sendPage(reply, <ApplyPage ctx={pageContext(request)} state={state} />, status);
  };

  app.get('/trust/apply', { schema: { tags: ['pages'], summary: 'Apply for a network trust badge (form; works without JavaScript)', querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }) } }, (request, reply) =>
    formPage(request, reply, {}, {}),
  );

  app.post(
    '/trust/apply',
    { config: { csrf: 'form', rateLimit: applicationRateLimit(deps.config) }, schema: { tags: ['pages'], summary: 'Send a network trust application (form)', body: ApplyForm } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const lines = domainLines(formString(body, 'domains'));
      try {
        checkFormStamp(box, formString(body, 'stamp'), formString(body, 'url'), clock.now());
        const prepared = prepareApplication({
          name: formString(body, 'name') ?? '',
          slug: formString(body, 'slug') ?? null,
          website: formString(body, 'website') ?? '',
          description: formString(body, 'description') ?? null,
          domains: lines.map((entry) => entry.value),
          contact: formString(body, 'contact') ?? '',
          statements: Object.fromEntries(CRITERIA.map((c) => [c.code, formString(body, `statement_${c.code}`)])),
        });
        const created = await database.transaction((tx) => submitApplication(tx, contextOf(request, clock), prepared, { box }));
        const lang = langQuery(request);
        return reply.redirect(`/trust/apply/sent?ref=${created.id}${lang === '' ? '' : `&${lang}`}`, 303);
      } catch (error) {
        const { errors, status } = formErrorsOf(error, localeOf(request), lines.map((entry) => entry.line));
        return formPage(request, reply, body, errors, status);
      }
    },
  );

  app.get('/trust/apply/sent', { schema: { tags: ['pages'], summary: 'What happens after applying', querystring: SentQuery } }, (request, reply) => {
    const reference = request.query.ref ?? '';
    if (!isUuid(reference)) return reply.redirect('/trust/apply', 303);
    return sendPage(reply, <SentPage ctx={pageContext(request)} reference={reference.toLowerCase()} />);
  });
}
