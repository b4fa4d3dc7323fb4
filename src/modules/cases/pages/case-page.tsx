import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Badge, Card, DataTable, DefinitionList, PageHeader } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { can, requireUserPage, type Actor } from '../../identity/index.ts';
import { formatTime } from '../../identity/admin-pages.tsx';
import { NEEDS_APPROVAL, OPEN_STATUSES, categoryLabel, type Category, type CaseStatus } from '../categories.ts';
import { mayUseCases } from '../policy.ts';
import type { StaffReportView } from '../ports.ts';
import type { DecisionRow } from '../repository.ts';
import { priorityAt } from '../priority.ts';
import { caseRef, evidenceUrl, isOverdue, type CasesDeps } from '../routes.ts';
import { assignableStaff, getCase } from '../triage.ts';
import { AssignmentForms, DecisionForms, MergeHereForm, NoteForm, ReviewForm, type CaseFormState } from './case-forms.tsx';
import { EvidenceList } from '../../../web/evidence-list.tsx';
import { formatPriority, provinceName, StatusBadge } from './components.tsx';
import { decisionStateLabel, eventLabel, flagLabel, groundLabel, outcomeLabel, statusLabel, suggestionReasonLabel, verdictLabel } from './labels.ts';
import { targetTypeLabel } from '../../targets/index.ts';
import { t, type CasesMessage } from './messages.ts';

export const CasePageParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CasePageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

const DONE = ['claimed', 'assigned', 'note', 'decided', 'pending', 'approved', 'refused', 'merged'] as const;
const DECIDABLE: readonly string[] = ['new', 'in_review', 'more_info'];

function Report(props: { report: StaffReportView; l: Locale }): Html {
  const { report: r, l } = props;
  const time = formatTime(r.createdAt, l);
  return (
    <article class="report">
      <h3>{t(l, 'reportHeading', { time })}</h3>
      <h4>{t(l, 'description')}</h4>
      <blockquote class="report-text" lang={r.locale}>{r.description}</blockquote>
      <DefinitionList
        items={[
          { term: t(l, 'colCategory'), description: categoryLabel(r.category, l) },
          { term: t(l, 'colProvince'), description: provinceName(r.provinceCode, l) },
          { term: t(l, 'channel'), description: r.channel },
          { term: t(l, 'contact'), description: r.hasContact ? t(l, 'hasContact') : t(l, 'noContact') },
          {
            term: t(l, 'reportTargets'),
            description: <ul class="plain-list">{r.targets.map((target) => <li>{`${targetTypeLabel(target.type, l)}: `}<code>{target.display}</code></li>)}</ul>,
          },
        ]}
      />
      <h4>{t(l, 'evidence')}</h4>
      <EvidenceList files={r.evidence} urlOf={evidenceUrl} words={(key, params) => t(l, key, params)} locale={l} />
      {r.replies.length === 0 ? null : (
        <>
          <h4>{t(l, 'replies')}</h4>
          {r.replies.map((reply) => (
            <figure class="reply">
              <blockquote class="report-text">{reply.body}</blockquote>
              <figcaption>{t(l, 'replyAt', { time: formatTime(reply.at, l) })}</figcaption>
            </figure>
          ))}
        </>
      )}
    </article>
  );
}

function Decision(props: { decision: DecisionRow; l: Locale; review: Html | null }): Html {
  const { decision: d, l } = props;
  const items: { term: string; description: Html | string }[] = [];
  if (d.verdict !== null) items.push({ term: t(l, 'verdict'), description: verdictLabel(d.verdict, l) });
  if (d.categories.length > 0) items.push({ term: t(l, 'decidedCategories'), description: d.categories.map((c) => categoryLabel(c, l)).join(', ') });
  if (d.decisionGround !== null) items.push({ term: t(l, 'decisionGround'), description: groundLabel(d.decisionGround, l) });
  if (d.legalBasis !== null) items.push({ term: t(l, 'legalBasis'), description: d.legalBasis });
  if (d.facts !== null) items.push({ term: t(l, 'facts'), description: <p class="pre-wrap">{d.facts}</p> });
  if (d.publicNote !== null) items.push({ term: t(l, 'publicNote'), description: <p class="pre-wrap">{d.publicNote}</p> });
  if (d.duplicateOf !== null) items.push({ term: t(l, 'duplicateOfCase'), description: <a href={`/cases/${d.duplicateOf}`}>{t(l, 'openPrimary')}</a> });
  if (d.outcome === 'verified' || d.outcome === 'rejected') {
    const automated = [d.automatedDetection ? t(l, 'automatedDetection') : null, d.automatedDecision ? t(l, 'automatedDecision') : null].filter((x) => x !== null);
    items.push({ term: t(l, 'automated'), description: automated.length === 0 ? t(l, 'automatedNone') : automated.join('; ') });
  }
  items.push({ term: t(l, 'decidedBy'), description: t(l, 'byAt', { name: d.decidedByName, time: formatTime(d.decidedAt, l) }) });
  if (d.reviewedByName !== null) items.push({ term: t(l, 'reviewedBy'), description: t(l, 'byAt', { name: d.reviewedByName, time: formatTime(d.reviewedAt, l) }) });
  if (d.reviewNote !== null) items.push({ term: t(l, 'reviewNote'), description: d.reviewNote });
  const tone = d.state === 'pending_approval' ? 'warning' : d.state === 'refused' ? 'neutral' : 'success';
  return (
    <article class="decision">
      <h3>
        {outcomeLabel(d.outcome, l)} <Badge tone={tone}>{decisionStateLabel(d.state, l)}</Badge>
      </h3>
      <DefinitionList items={items} />
      {props.review}
    </article>
  );
}

/** Render the case page, with a failed form's values and errors when there is one. */
export async function renderCasePage(request: FastifyRequest, reply: FastifyReply, deps: CasesDeps, user: Extract<Actor, { type: 'user' }>, caseId: string, state: CaseFormState | null): Promise<FastifyReply> {
  const { database, clock } = deps;
  const done = DONE.find((d) => d === (request.query as { done?: string }).done);
  const l = localeOf(request);
  const ctx = pageContext(request, state === null && done !== undefined ? { kind: 'success', message: t(l, `done_${done}` as CasesMessage) } : null);
  const useCtx = contextOf(request, clock);
  const detail = await getCase(database.db, useCtx, caseId);
  const found = detail.case;
  const reports = await deps.reports.reportsOfCase(database.db, found.id, 200);
  const open = OPEN_STATUSES.includes(found.status as CaseStatus);
  const canTriage = mayUseCases(user, 'case.triage') && open;
  const canDecide = mayUseCases(user, 'case.decide') && DECIDABLE.includes(found.status);
  const canApprove = mayUseCases(user, 'case.approve');
  // Another case can be merged into this one while it is open or verified (the other one is what gets decided).
  const canMergeHere = mayUseCases(user, 'case.decide') && (open || found.status === 'verified');
  const staff = canTriage ? await assignableStaff(database.db, useCtx, found.id) : [];
  const ref = caseRef(found.number);
  const common = { caseId: found.id, l, csrf: ctx.csrfToken, state };
  const assignee = found.assigneeId === null ? null : found.assigneeId === user.userId ? t(l, 'you') : (staff.find((s) => s.userId === found.assigneeId)?.displayName ?? found.assigneeId.slice(0, 8));
  const restricted = found.categories.some((c) => NEEDS_APPROVAL.includes(c as Category));

  return sendPage(
    reply,
    <Layout ctx={ctx} title={ref} wide>
      <p class="back-link"><a href="/cases">← {t(l, 'backToQueue')}</a></p>
      <PageHeader title={t(l, 'caseHeading', { ref })}>
        <p class="case-badges">
          <StatusBadge status={found.status} locale={l} />
          {isOverdue(found, useCtx.now) ? <> <Badge tone="danger">{t(l, 'overdue')}</Badge></> : null}
          {found.hasNewInformation ? <> <Badge tone="info">{t(l, 'newInformation')}</Badge></> : null}
        </p>
        {can(user, 'takedown.issue') ? <p><a class="button button-secondary" href={`/takedowns/new?case=${found.id}`}>{t(l, 'requestTakedown')}</a></p> : null}
      </PageHeader>
      {found.duplicateOf === null ? null : (
        <Alert kind="info">
          {t(l, 'mergedInto')} <a href={`/cases/${found.duplicateOf}`}>{t(l, 'openPrimary')}</a>
        </Alert>
      )}
      {found.hasNewInformation ? <Alert kind="info">{t(l, 'newInformationNotice')}</Alert> : null}

      <Card title={t(l, 'summaryTitle')}>
        <DefinitionList
          items={[
            { term: t(l, 'status'), description: statusLabel(found.status, l) },
            { term: t(l, 'categories'), description: found.categories.map((c) => categoryLabel(c, l)).join(', ') },
            { term: t(l, 'severity'), description: t(l, 'severityValue', { value: found.severity }) },
            { term: t(l, 'reportCount'), description: String(found.reportCount) },
            { term: t(l, 'firstReported'), description: formatTime(found.firstReportedAt, l) },
            { term: t(l, 'lastReported'), description: formatTime(found.lastReportedAt, l) },
            { term: t(l, 'due'), description: formatTime(found.dueAt, l) },
            { term: t(l, 'priority'), description: formatPriority(priorityAt(found, useCtx.now), l) },
            { term: t(l, 'province'), description: found.provinceCode === null ? t(l, 'noProvince') : provinceName(found.provinceCode, l) },
            { term: t(l, 'assignee'), description: assignee ?? t(l, 'unassigned') },
          ]}
        />
      </Card>

      <Card title={t(l, 'targetsTitle')}>
        <DataTable
          caption={t(l, 'targetsCaption')}
          columns={[{ key: 'type', label: t(l, 'colType') }, { key: 'value', label: t(l, 'colValue') }, { key: 'display', label: t(l, 'colDisplay') }, { key: 'reports', label: t(l, 'colReports'), numeric: true }, { key: 'flags', label: t(l, 'colFlags') }]}
          rows={detail.targets.map((target) => ({
            type: targetTypeLabel(target.type, l),
            value: <code>{target.value}</code>,
            display: target.display,
            reports: target.reportCount,
            flags: target.flags.map((f) => <><Badge tone="warning">{`⚠ ${flagLabel(f, l)}`}</Badge> </>),
          }))}
          empty={t(l, 'targetsEmpty')}
        />
      </Card>

      <Card title={t(l, 'similarTitle')}>
        <p>{t(l, 'similarLead')}</p>
        {state?.form === 'merge' && state.errors._form !== undefined ? <Alert kind="error">{state.errors._form}</Alert> : null}
        {detail.similar.length === 0 ? (
          <p>{t(l, 'similarEmpty')}</p>
        ) : (
          <ul class="similar-list">
            {detail.similar.map((s) => (
              <li>
                <a href={`/cases/${s.case.id}`}>{caseRef(s.case.number)}</a> <StatusBadge status={s.case.status} locale={l} />{' '}
                {`${t(l, 'similarity', { percent: Math.round(s.similarity * 100) })} · ${suggestionReasonLabel(s.reason, l)}`}
                {canMergeHere && DECIDABLE.includes(s.case.status) ? <> <MergeHereForm {...common} otherId={s.case.id} otherRef={caseRef(s.case.number)} /></> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t(l, 'reportsTitle', { count: reports.length })}>
        {reports.length === 0 ? <p>{t(l, 'reportsEmpty')}</p> : reports.map((r) => <Report report={r} l={l} />)}
      </Card>

      <Card title={t(l, 'decisionsTitle')}>
        {detail.decisions.length === 0 ? <p>{t(l, 'decisionsEmpty')}</p> : null}
        {detail.decisions.map((d) => {
          const pending = d.state === 'pending_approval';
          const review = !pending ? null : !canApprove ? (
            <Alert kind="info">{t(l, 'waitingForSupervisor')}</Alert>
          ) : d.decidedBy === user.userId ? (
            <>
              {state?.form === `review-${d.id}` && state.errors._form !== undefined ? <Alert kind="error">{state.errors._form}</Alert> : null}
              <Alert kind="info">{t(l, 'ownDecision')}</Alert>
            </>
          ) : (
            <ReviewForm {...common} decisionId={d.id} />
          );
          return <Decision decision={d} l={l} review={review} />;
        })}
      </Card>

      {canDecide ? (
        <Card title={t(l, 'decideTitle')} id="decide">
          <p>{t(l, 'decideLead')}</p>
          {restricted ? <Alert kind="warning">{t(l, 'needsApproval')}</Alert> : null}
          <DecisionForms {...common} caseCategories={found.categories} />
        </Card>
      ) : mayUseCases(user, 'case.decide') && found.status !== 'pending_approval' ? (
        <Card title={t(l, 'decideTitle')}>
          <p>{t(l, 'notDecidable', { status: statusLabel(found.status, l) })}</p>
        </Card>
      ) : null}

      {canTriage ? (
        <Card title={t(l, 'workTitle')}>
          <p>{assignee === null ? t(l, 'notAssigned') : t(l, 'assignedTo', { name: assignee })}</p>
          <AssignmentForms {...common} assigneeId={found.assigneeId} userId={user.userId} staff={staff} />
        </Card>
      ) : null}

      <Card title={t(l, 'notesTitle')}>
        <p>{t(l, 'notesLead')}</p>
        {detail.notes.length === 0 ? (
          <p>{t(l, 'notesEmpty')}</p>
        ) : (
          <ul class="note-list">
            {detail.notes.map((n) => (
              <li>
                <p class="pre-wrap">{n.body}</p>
                <p class="note-meta">{t(l, 'byAt', { name: n.authorName, time: formatTime(n.createdAt, l) })}</p>
              </li>
            ))}
          </ul>
        )}
        {mayUseCases(user, 'case.triage') ? <NoteForm {...common} /> : null}
      </Card>

      <Card title={t(l, 'historyTitle')}>
        <p>{t(l, 'historyLead')}</p>
        <ol class="timeline">
          {detail.events.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{formatTime(e.at, l)}</time> <strong>{eventLabel(e.kind, l)}</strong>
              {e.publicNote === null ? null : <p class="pre-wrap">{e.publicNote}</p>}
            </li>
          ))}
        </ol>
      </Card>
    </Layout>,
    state?.status ?? 200,
  );
}

/** GET /cases/:id: everything staff need to decide a case. */
export function registerCasePage(app: AppInstance, deps: CasesDeps): void {
  app.get('/cases/:id', { schema: { tags: ['pages'], summary: 'Case page', params: CasePageParams, querystring: CasePageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    return renderCasePage(request, reply, deps, user, request.params.id, null);
  });
}
