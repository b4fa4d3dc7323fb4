// Staff: one application (/admin/trust/<id>) — the facts, each criterion with the applicant's
// statement, the automatic hint and a form for the finding, and the decision forms. Every form
// works without JavaScript; a refused one comes back with its problems beside its fields.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { Alert, Card, Checkboxes, CsrfField, DefinitionList, ErrorSummary, PageHeader, SubmitButton, TextArea } from '../../../../web/components.tsx';
import { formSchema, formString, type FormBody } from '../../../../web/forms.ts';
import type { Child, Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../../web/page-context.ts';
import { contextOf } from '../../../identity/http.ts';
import { can, requireUserPage, type Actor } from '../../../identity/index.ts';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { parseTarget, TargetError } from '../../../targets/index.ts';
import type { ReputationDeps } from '../../routes.ts';
import { decideApplication } from '../decisions.ts';
import type { Hint } from '../hints.ts';
import { DECISIONS, OPEN_STATUSES, PUBLIC_STATUSES, TRUST_LIMITS, type TrustDecision, type TrustStatus } from '../model.ts';
import { findingLabel, t, verdictWord, type TrustMessage } from '../messages.ts';
import { getApplication, readContact, recordFinding, type ApplicationDetail, type CriterionReview } from '../review.ts';
import { formErrorsOf, type FormErrors } from './problems.ts';
import { FindingBadge, StatusBadge } from './status-badge.tsx';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CriterionParams = Type.Object({ id: Type.String({ maxLength: 100 }), criterion: Type.String({ maxLength: 60 }) });
const PageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), contact: Type.Optional(Type.String({ maxLength: 10 })) });

/** A form that failed: which one, what was sent, what is wrong. */
type FormState = { form: string; values: FormBody; errors: FormErrors };

type User = Extract<Actor, { type: 'user' }>;

function registrableOf(domain: string): string | null {
  try {
    const registrable = parseTarget(domain, 'domain').details.registrableDomain ?? null;
    return registrable === domain ? null : registrable;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** The problems of one form, if it is the one that failed. */
function Problems(props: { form: string; l: Locale; state: FormState | null }): Html {
  if (props.state?.form !== props.form) return <></>;
  const { _form: whole, ...fields } = props.state.errors;
  return (
    <>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={t(props.l, 'errorSummary')} form={props.form} errors={Object.entries(fields).map(([field, message]) => ({ field, message }))} />
    </>
  );
}

function sent(state: FormState | null, form: string) {
  const mine = state?.form === form ? state : null;
  return { value: (name: string) => (mine === null ? undefined : formString(mine.values, name)), error: (name: string) => mine?.errors[name] };
}

function HintBox(props: { hint: Hint | null; l: Locale }): Html {
  const { hint, l } = props;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  if (hint === null) return <p class="field-hint">{m('hintManual')}</p>;
  const lines = hint.items.map((item) =>
    item.kind === 'lookalike'
      ? m('hintLookalike', { domain: item.domain, value: item.value })
      : m('hintListed', { domain: item.domain, verdict: verdictWord(item.verdict ?? '', l), value: item.value, source: item.source ?? '', categories: item.categories.length > 0 ? `; ${item.categories.join(', ')}` : '' }),
  );
  return (
    <div class={hint.clear ? 'trust-hint trust-hint-clear' : 'trust-hint trust-hint-attention'}>
      <p class="trust-hint-title">{m('hintTitle')}</p>
      {hint.clear ? <p>{m(hint.kind === 'blocklist' ? 'hintClear' : 'hintPhishingClear')}</p> : <ul>{lines.map((line) => <li>{line}</li>)}</ul>}
    </div>
  );
}

function CriterionCard(props: { review: CriterionReview; entityId: string; open: boolean; l: Locale; csrf: string; state: FormState | null }): Html {
  const { review, l } = props;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const code = review.criterion.code;
  const form = `criterion-${code}`;
  const mine = sent(props.state, form);
  const row = review.row;
  return (
    <section class="card trust-criterion" id={form} aria-labelledby={`${form}-title`}>
      <h3 id={`${form}-title`} class="card-title">{review.criterion.label[l]}</h3>
      <p class="field-hint">{review.criterion.explanation[l]}</p>
      <DefinitionList
        items={[
          { term: m('criterionStatement'), description: row?.statement ? <p class="trust-statement">{row.statement}</p> : m('noStatement') },
          {
            term: m('findingTerm'),
            description: (
              <>
                <FindingBadge finding={row?.finding ?? 'pending'} locale={l} />
                {row?.checkedBy ? <span class="trust-checked"> {m('checkedBy', { name: row.checkedBy, date: formatTime(row.checkedAt, l) })}</span> : null}
                {row?.note ? <p class="trust-statement">{row.note}</p> : null}
              </>
            ),
          },
        ]}
      />
      <HintBox hint={review.hint} l={l} />
      {props.open ? (
        <>
          <Problems form={form} l={l} state={props.state} />
          <form method="post" action={`/admin/trust/${props.entityId}/criteria/${code}`} class="form">
            <CsrfField token={props.csrf} />
            <Checkboxes
              type="radio"
              name="finding"
              form={form}
              legend={m('findingLegend')}
              required
              values={[mine.value('finding') ?? (row?.finding === 'pending' ? '' : (row?.finding ?? ''))]}
              error={mine.error('finding')}
              options={[
                { value: 'met', label: findingLabel('met', l) },
                { value: 'not_met', label: findingLabel('not_met', l) },
              ]}
            />
            <TextArea name="note" form={form} label={m('noteLabel')} hint={m('noteHint')} rows={2} maxlength={TRUST_LIMITS.note} value={mine.value('note') ?? row?.note ?? undefined} error={mine.error('note')} />
            <SubmitButton variant="secondary">{m('recordFinding')}</SubmitButton>
          </form>
        </>
      ) : null}
    </section>
  );
}

function DecisionForm(props: { decision: TrustDecision; entityId: string; title: string; lead: Child; submit: string; reason: boolean; reasonHint?: string; l: Locale; csrf: string; state: FormState | null }): Html {
  const form = `decision-${props.decision}`;
  const mine = sent(props.state, form);
  return (
    <section class="case-form" aria-labelledby={`${form}-title`}>
      <h3 id={`${form}-title`}>{props.title}</h3>
      {props.lead}
      <Problems form={form} l={props.l} state={props.state} />
      <form method="post" action={`/admin/trust/${props.entityId}/decision`} class="form">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="decision" value={props.decision} />
        {props.reason ? <TextArea name="reason" form={form} label={t(props.l, 'reasonLabel')} hint={props.reasonHint} required rows={3} maxlength={TRUST_LIMITS.reason} value={mine.value('reason')} error={mine.error('reason')} /> : null}
        <SubmitButton variant={props.decision === 'approve' ? 'primary' : 'danger'}>{props.submit}</SubmitButton>
      </form>
    </section>
  );
}

function Decisions(props: { detail: ApplicationDetail; l: Locale; csrf: string; state: FormState | null }): Html {
  const { detail, l } = props;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const id = detail.entity.id;
  const common = { entityId: id, l, csrf: props.csrf, state: props.state };
  if (detail.entity.status === 'approved') {
    return <DecisionForm decision="revoke" title={m('revokeTitle')} lead={null} submit={m('revokeSubmit')} reason reasonHint={m('revokeHint')} {...common} />;
  }
  if (!OPEN_STATUSES.includes(detail.entity.status as TrustStatus)) return <></>;
  const missing = detail.counts.pending + detail.counts.not_met;
  const lead = <p>{m('approveLead')}{missing > 0 ? <strong> {m('approveBlocked', { count: missing })}</strong> : null}</p>;
  return (
    <>
      <DecisionForm decision="approve" title={m('approveTitle')} lead={lead} submit={m('approveSubmit')} reason={false} {...common} />
      <DecisionForm decision="reject" title={m('rejectTitle')} lead={null} submit={m('rejectSubmit')} reason reasonHint={m('rejectHint')} {...common} />
    </>
  );
}

function ApplicationPage(props: { ctx: PageContext; detail: ApplicationDetail; contact: string | null; canDecide: boolean; state: FormState | null }): Html {
  const { detail, ctx } = props;
  const l = ctx.locale;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const e = detail.entity;
  const open = OPEN_STATUSES.includes(e.status as TrustStatus);
  const isPublic = PUBLIC_STATUSES.includes(e.status as TrustStatus);
  const contact = e.contactCiphertext === null ? m('noContact') : props.contact !== null ? <a href={`mailto:${props.contact}`}>{props.contact}</a> : <a href={`/admin/trust/${e.id}?contact=show`}>{m('showContact')}</a>;
  const facts = [
    { term: m('referenceTerm'), description: <code>{e.id}</code> },
    { term: m('statusTerm'), description: <StatusBadge status={e.status} locale={l} /> },
    { term: m('slugTerm'), description: isPublic ? <a href={`/trust/${e.slug}`}>{e.slug}</a> : e.slug },
    ...(e.website === null ? [] : [{ term: m('websiteTerm'), description: <a href={e.website} rel="nofollow noopener noreferrer">{e.website}</a> }]),
    {
      term: m('domainsTerm'),
      description: detail.domains.length === 0 ? m('noDomains') : (
        <ul class="trust-domain-list">
          {detail.domains.map((d) => {
            const registrable = registrableOf(d);
            return <li><code>{d}</code>{registrable === null ? null : <span class="field-hint"> ({m('registrable', { domain: registrable })})</span>}</li>;
          })}
        </ul>
      ),
    },
    { term: m('submittedTerm'), description: formatTime(e.createdAt, l) },
    { term: m('contactTerm'), description: contact },
    ...(e.badgeNumber === null ? [] : [{ term: m('badgeTerm'), description: <code>{e.badgeNumber}</code> }]),
    ...(e.approvedAt === null ? [] : [{ term: m('approvedTerm'), description: formatTime(e.approvedAt, l) }]),
    ...(e.revokedAt === null ? [] : [{ term: m('revokedTerm'), description: formatTime(e.revokedAt, l) }]),
    ...(e.statusReason === null ? [] : [{ term: m('statusReasonTerm'), description: e.statusReason }]),
    ...(e.description === null ? [] : [{ term: m('descriptionTerm'), description: e.description }]),
  ];
  return (
    <Layout ctx={ctx} title={e.name} wide>
      <PageHeader title={e.name}>
        <p>
          <a href="/admin/trust">{m('adminTitle')}</a>
        </p>
      </PageHeader>
      <Card title={m('factsTitle')}>
        <DefinitionList items={facts} />
      </Card>
      {detail.criteria.length === 0 ? null : (
        <section aria-labelledby="criteria-title">
          <h2 id="criteria-title">{m('criteriaTitle')}</h2>
          {open ? null : <p>{m('closedForReview')}</p>}
          {detail.criteria.map((review) => <CriterionCard review={review} entityId={e.id} open={open} l={l} csrf={ctx.csrfToken} state={props.state} />)}
        </section>
      )}
      {props.canDecide && (open || e.status === 'approved') ? (
        <Card title={m('decideTitle')} id="decision">
          <Decisions detail={detail} l={l} csrf={ctx.csrfToken} state={props.state} />
        </Card>
      ) : null}
    </Layout>
  );
}

const DONE: Record<string, TrustMessage> = { finding: 'doneFinding', approved: 'doneApproved', rejected: 'doneRejected', revoked: 'doneRevoked' };

/** The application page and its forms. */
export function registerApplicationPage(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, box, live } = deps;

  const render = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, user: User, state: FormState | null, status = 200) => {
    const ctx = contextOf(request, clock);
    const detail = await getApplication(database.db, ctx, request.params.id, { live });
    const query = request.query as { done?: string; contact?: string };
    const contact = state === null && query.contact === 'show' ? await database.transaction((tx) => readContact(tx, ctx, detail.entity.id, { box })) : null;
    const done = state === null && query.done !== undefined ? DONE[query.done] : undefined;
    const flash = done === undefined ? null : { kind: 'success' as const, message: t(localeOf(request), done, { badge: detail.entity.badgeNumber ?? '' }) };
    return sendPage(reply, <ApplicationPage ctx={pageContext(request, flash)} detail={detail} contact={contact} canDecide={can(user, 'trust.decide')} state={state} />, status);
  };

  app.get('/admin/trust/:id', { schema: { tags: ['pages'], summary: 'One network trust application (staff)', params: Params, querystring: PageQuery } }, (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    return render(request, reply, user, null);
  });

  app.post(
    '/admin/trust/:id/criteria/:criterion',
    { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Record a finding on a criterion (form)', params: CriterionParams, body: formSchema(['finding', 'note']) } },
    async (request, reply) => {
      const user = requireUserPage(request, reply);
      if (user === null) return reply;
      const body = request.body as FormBody;
      const { id, criterion } = request.params;
      const l = localeOf(request);
      try {
        const finding = formString(body, 'finding');
        if (finding !== 'met' && finding !== 'not_met') throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'finding', code: 'choose', message: t(l, 'errChooseFinding') }]);
        await database.transaction((tx) => recordFinding(tx, contextOf(request, clock), id, criterion, { finding, note: formString(body, 'note') ?? null }, { live }));
      } catch (error) {
        const { errors, status } = formErrorsOf(error, l);
        return render(request, reply, user, { form: `criterion-${criterion}`, values: body, errors }, status);
      }
      return reply.redirect(`/admin/trust/${id}?done=finding#criterion-${criterion}`, 303);
    },
  );

  app.post(
    '/admin/trust/:id/decision',
    { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Approve, reject or revoke (form)', params: Params, body: formSchema(['decision', 'reason']) } },
    async (request, reply) => {
      const user = requireUserPage(request, reply);
      if (user === null) return reply;
      const body = request.body as FormBody;
      const decision = DECISIONS.find((d) => d === formString(body, 'decision'));
      if (decision === undefined) throw new AppError('VALIDATION_FAILED');
      try {
        await database.transaction((tx) => decideApplication(tx, contextOf(request, clock), request.params.id, { decision, reason: formString(body, 'reason') ?? null }));
      } catch (error) {
        const { errors, status } = formErrorsOf(error, localeOf(request));
        return render(request, reply, user, { form: `decision-${decision}`, values: body, errors }, status);
      }
      await live.catchUp(database.db);
      const done = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'revoked';
      return reply.redirect(`/admin/trust/${request.params.id}?done=${done}`, 303);
    },
  );
}
