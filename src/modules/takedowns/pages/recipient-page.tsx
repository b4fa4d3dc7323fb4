// The recipient's page of one request (GET /org/takedowns/:id) with its forms: acknowledge, and
// answer (actioned, partially actioned or declined, with a note, proof and when it was done). The
// first look delivers the request, so it is read in a transaction. Staff of the issuing authority
// who open this address are sent to their own page of the request.
import { isUuid } from '../../../core/validate.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Card, Checkboxes, CsrfField, Field, SubmitButton, TextArea } from '../../../web/components.tsx';
import { formSchema } from '../../../web/forms.ts';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { can, organizationById, requireUserPage, type Context } from '../../identity/index.ts';
import { acknowledgeRequests, answerAndTell } from '../answers.ts';
import { isOpen, OUTCOMES, TAKEDOWN_LIMITS, type Outcome } from '../model.ts';
import { requestDetail } from '../queries.ts';
import type { PageDeps } from './components.tsx';
import { FormProblems, sentIn, type FormState } from './components.tsx';
import { formCheck, serviceErrors, vietnamLocalTime } from './form-checks.ts';
import { statusLabel } from './labels.ts';
import { takedownMessage as m, type TakedownMessage } from './messages.ts';
import { RequestView } from './request-view.tsx';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const PageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const AnswerForm = formSchema(['outcome', 'note', 'proof', 'actionedAt']);
const DONE: Record<string, TakedownMessage> = { ack: 'doneAck', answered: 'doneAnswered' };
const OUTCOME_HINTS: Record<Outcome, TakedownMessage> = { actioned: 'outcomeActionedHint', partially_actioned: 'outcomePartialHint', declined: 'outcomeDeclinedHint' };

/** An id from the address, or "not found" before any lookup. */
export function requestIdOf(raw: string): string {
  if (!isUuid(raw)) throw new AppError('NOT_FOUND');
  return raw;
}

function AnswerForms(props: { id: string; status: string; csrf: string; l: Locale; state: FormState | null }): Html {
  const { id, l, state } = props;
  const sent = sentIn(state, 'answer');
  const outcome = sent.value('outcome');
  return (
    <>
      {props.status === 'issued' || props.status === 'delivered' ? (
        <Card title={m(l, 'ackTitle')}>
          <FormProblems form="acknowledge" state={state} l={l} />
          <p>{m(l, 'ackLead')}</p>
          <form method="post" action={`/org/takedowns/${id}/acknowledge`} class="form">
            <CsrfField token={props.csrf} />
            <SubmitButton variant="secondary">{m(l, 'ackOne')}</SubmitButton>
          </form>
        </Card>
      ) : null}
      <Card title={m(l, 'answerFormTitle')} id="answer">
        <p>{m(l, 'answerLead')}</p>
        <FormProblems form="answer" state={state} l={l} />
        <form method="post" action={`/org/takedowns/${id}/answer`} class="form">
          <CsrfField token={props.csrf} />
          <Checkboxes
            type="radio"
            name="outcome"
            legend={m(l, 'outcomeLegend')}
            required
            error={sent.error('outcome')}
            values={outcome === undefined ? [] : [outcome]}
            options={OUTCOMES.map((o) => ({ value: o, label: statusLabel(o, l), hint: m(l, OUTCOME_HINTS[o]) }))}
          />
          <TextArea name="note" label={m(l, 'noteLabel')} hint={m(l, 'noteHint')} required rows={4} maxlength={TAKEDOWN_LIMITS.note} value={sent.raw('note')} error={sent.error('note')} />
          <TextArea name="proof" label={m(l, 'proofLabel')} hint={m(l, 'proofHint')} rows={3} maxlength={TAKEDOWN_LIMITS.proof} value={sent.raw('proof')} error={sent.error('proof')} />
          <Field name="actionedAt" type="datetime-local" label={m(l, 'actionedAtLabel')} hint={m(l, 'actionedAtHint')} value={sent.value('actionedAt')} error={sent.error('actionedAt')} />
          <SubmitButton>{m(l, 'answerSubmit')}</SubmitButton>
        </form>
      </Card>
    </>
  );
}

/** The recipient's page of a request and its two forms. */
export function registerRecipientPage(app: AppInstance, deps: PageDeps): void {
  const { database, clock, box, events } = deps;

  const render = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, state: FormState | null) => {
    const l = localeOf(request);
    const done = DONE[(request.query as { done?: string } | undefined)?.done ?? ''];
    const ctx = pageContext(request, state === null && done !== undefined ? { kind: 'success', message: m(l, done) } : null);
    const useCtx = contextOf(request, clock);
    const id = requestIdOf(request.params.id);
    const detail = await database.transaction((tx) => requestDetail(tx.db, useCtx, id));
    if (detail.side === 'issuer') return reply.redirect(`/takedowns/${id}`, 303);
    const r = detail.request;
    const issuer = r.issuerOrgId === null ? null : await organizationById(database.db, r.issuerOrgId);
    const recipient = await organizationById(database.db, r.recipientOrgId);
    const canRespond = isOpen(r.status) && can(useCtx.actor, 'takedown.respond', r.recipientOrgId);
    // A routed complaint: what the reporter wrote, and their contact when they agreed to share it (the recipient's side only).
    const complaint = r.complaintText === null && r.complainantContactCiphertext === null ? undefined : { text: r.complaintText, contact: r.complainantContactCiphertext === null ? null : box.decrypt(r.complainantContactCiphertext) };
    return sendPage(
      reply,
      <RequestView ctx={ctx} request={r} events={detail.events} evidence={detail.evidence} now={useCtx.now} issuerName={issuer?.name ?? null} recipientName={recipient?.name ?? ''} back={{ href: '/org/takedowns', label: m(l, 'backToInbox') }} complaint={complaint}>
        {canRespond ? <AnswerForms id={r.id} status={r.status} csrf={ctx.csrfToken} l={l} state={state} /> : null}
        {!canRespond && state?.errors._form !== undefined ? <FormProblems form={state.form} state={state} l={l} /> : null}
      </RequestView>,
      state?.status ?? 200,
    );
  };

  /** Run a form's use case; redirect on success, show the page again with the problems a person can fix. */
  const act = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: string, run: (ctx: Context, l: Locale, id: string) => Promise<string>) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const l = localeOf(request);
    const id = requestIdOf(request.params.id);
    try {
      return reply.redirect(await run(contextOf(request, clock), l, id), 303);
    } catch (error) {
      const errors = serviceErrors(error, l);
      return render(request, reply, { form, values: (request.body ?? {}) as FormState['values'], errors, status: error instanceof AppError ? error.status : 400 });
    }
  };

  app.get('/org/takedowns/:id', { schema: { tags: ['pages'], summary: 'A takedown request as its recipient reads it, with the acknowledge and answer forms', params: Params, querystring: PageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    return render(request, reply, null);
  });

  app.post('/org/takedowns/:id/acknowledge', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Acknowledge a request (form)', params: Params, body: formSchema([]) } }, (request, reply) =>
    act(request, reply, 'acknowledge', async (ctx, _l, id) => {
      await database.transaction((tx) => acknowledgeRequests(tx.db, ctx, [id]));
      return `/org/takedowns/${id}?done=ack`;
    }),
  );

  app.post('/org/takedowns/:id/answer', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Answer a request: actioned (with proof), partially actioned or declined (form)', params: Params, body: AnswerForm } }, (request, reply) =>
    act(request, reply, 'answer', async (ctx, l, id) => {
      const check = formCheck(request.body, l);
      const outcome = check.choice('outcome', OUTCOMES, 'chooseOutcome');
      const note = check.text('note', TAKEDOWN_LIMITS.reasonMin, TAKEDOWN_LIMITS.note);
      const proof = check.optional('proof', TAKEDOWN_LIMITS.proof);
      if (outcome !== undefined && outcome !== 'declined' && proof === undefined) check.fail('proof', m(l, 'proofRequired'));
      const rawTime = check.optional('actionedAt', 20);
      const actionedAt = rawTime === undefined ? undefined : vietnamLocalTime(rawTime);
      if (actionedAt === null) check.fail('actionedAt', m(l, 'actionedAtInvalid'));
      check.done();
      if (outcome === undefined || actionedAt === null) throw new AppError('VALIDATION_FAILED');
      await database.transaction((tx) => answerAndTell(tx, ctx, id, { outcome, note, proof, actionedAt }, { events }));
      return `/org/takedowns/${id}?done=answered`;
    }),
  );
}
