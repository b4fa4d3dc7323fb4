// One request as either side reads it: what is asked and why, the targets, the evidence links, the
// deadline with the rule it comes from, the answer, and the history. The side's forms go in
// `children`, between the answer and the history.
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Badge, Card, DefinitionList, PageHeader } from '../../../web/components.tsx';
import { EvidenceList, type EvidenceFile } from '../../../web/evidence-list.tsx';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../web/layout.tsx';
import { categoryLabel } from '../../cases/index.ts';
import { referenceOf, takedownEvidenceUrl } from '../model.ts';
import type { EventRow, RequestRow } from '../repository.ts';
import { DueTime, isPastDue, StatusBadge, TargetList, When } from './components.tsx';
import { actionLabel, eventLabel, kindLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';

/** History lines written by the system rather than a person (reading the inbox, the sweeps). */
const SYSTEM_ACTORS: ReadonlySet<string> = new Set(['inbox', 'system']);

export type RequestViewProps = {
  ctx: PageContext;
  request: RequestRow;
  events: readonly EventRow[];
  /** Files the authority attached. */
  evidence: readonly EvidenceFile[];
  now: Date;
  /** Who sent it and who must act, by name. */
  issuerName: string | null;
  recipientName: string;
  back: { href: string; label: string };
  /** The issuer's side links the case the request came from. */
  caseHref?: string | undefined;
  /** A routed complaint, on the recipient's side: the reporter's words and, if they agreed, their contact. */
  complaint?: { text: string | null; contact: string | null } | undefined;
  children?: Child;
};

function Evidence(props: { links: readonly string[]; l: Locale }): Html {
  if (props.links.length === 0) return <p>{m(props.l, 'noEvidenceLinks')}</p>;
  return (
    <ul class="link-list">
      {props.links.map((link) => (
        <li>
          <a href={link} rel="noopener noreferrer nofollow">{link}</a>
        </li>
      ))}
    </ul>
  );
}

function Answer(props: { request: RequestRow; l: Locale }): Html {
  const { request: r, l } = props;
  if (r.status === 'withdrawn') {
    return (
      <Card title={m(l, 'withdrawnTitle')}>
        <DefinitionList
          items={[
            { term: m(l, 'withdrawnAt'), description: <When at={r.withdrawnAt} l={l} /> },
            { term: m(l, 'withdrawnReason'), description: <p class="pre-wrap">{r.withdrawnReason ?? ''}</p> },
          ]}
        />
      </Card>
    );
  }
  if (r.respondedAt === null) return <></>;
  const items = [
    { term: m(l, 'outcome'), description: <StatusBadge status={r.status} l={l} /> },
    { term: m(l, 'respondedAt'), description: <When at={r.respondedAt} l={l} /> },
    { term: m(l, 'note'), description: <p class="pre-wrap">{r.responseNote ?? ''}</p> },
  ];
  if (r.actionedAt !== null) items.push({ term: m(l, 'actionedAt'), description: <When at={r.actionedAt} l={l} /> });
  if (r.responseProof !== null) items.push({ term: m(l, 'proof'), description: <p class="pre-wrap">{r.responseProof}</p> });
  return (
    <Card title={m(l, 'answerTitle')}>
      <DefinitionList items={items} />
    </Card>
  );
}

/** The page of one request, with the side's forms as children. */
export function RequestView(props: RequestViewProps): Html {
  const { ctx, request: r, now } = props;
  const l = ctx.locale;
  const reference = referenceOf(r.number);
  const title = m(l, 'requestHeading', { reference });
  const facts = [
    { term: m(l, 'reference'), description: <span class="ticket">{reference}</span> },
    { term: m(l, 'kind'), description: kindLabel(r.kind, l) },
    { term: m(l, 'action'), description: actionLabel(r.action, l) },
    { term: m(l, 'category'), description: categoryLabel(r.category, l) },
    { term: m(l, 'issuer'), description: props.issuerName ?? m(l, 'routedComplaint') },
    { term: m(l, 'recipient'), description: props.recipientName },
    { term: m(l, 'issuedAt'), description: <When at={r.issuedAt} l={l} /> },
    {
      term: m(l, 'due'),
      description: (
        <>
          <DueTime row={r} now={now} l={l} urgentShown />
          <p class="field-hint">{m(l, r.urgent ? 'dueRuleUrgent' : 'dueRule', { citation: r.dueRuleCitation })}</p>
        </>
      ),
    },
    { term: m(l, 'deliveredAt'), description: <When at={r.deliveredAt} l={l} /> },
    { term: m(l, 'acknowledgedAt'), description: <When at={r.acknowledgedAt} l={l} /> },
  ];
  return (
    <Layout ctx={ctx} title={reference} wide>
      <p class="back-link"><a href={props.back.href}>← {props.back.label}</a></p>
      <PageHeader title={title}>
        <p class="case-badges">
          <StatusBadge status={r.status} l={l} />
          {r.urgent ? <> <Badge tone="warning">{m(l, 'urgent')}</Badge></> : null}
        </p>
      </PageHeader>
      {isPastDue(r, now) ? <Alert kind="warning">{m(l, 'overdueNotice')}</Alert> : null}
      <Card title={m(l, 'requestTitle')}>
        <DefinitionList items={facts} />
        {props.caseHref === undefined ? null : <p><a href={props.caseHref}>{m(l, 'openCase')}</a></p>}
      </Card>
      <Card title={m(l, 'targetsTitle', { count: r.targets.length })}>
        <TargetList targets={r.targets} l={l} />
      </Card>
      {props.complaint === undefined ? null : (
        <Card title={m(l, 'complaintTitle')}>
          {props.complaint.text === null ? null : <blockquote class="report-text pre-wrap">{props.complaint.text}</blockquote>}
          <DefinitionList items={[{ term: m(l, 'complainantContact'), description: props.complaint.contact ?? m(l, 'contactNotShared') }]} />
          <p class="field-hint">{m(l, 'complaintPrivate')}</p>
        </Card>
      )}
      <Card title={m(l, 'reasonsTitle')}>
        <h3>{m(l, 'legalBasis')}</h3>
        <p class="pre-wrap">{r.legalBasis}</p>
        <h3>{m(l, 'statement')}</h3>
        <blockquote class="report-text pre-wrap">{r.statement}</blockquote>
        <h3>{m(l, 'evidenceFiles')}</h3>
        <EvidenceList files={props.evidence} urlOf={takedownEvidenceUrl} words={(key, params) => m(l, key, params)} locale={l} />
        <h3>{m(l, 'evidenceLinks')}</h3>
        <Evidence links={r.evidenceLinks} l={l} />
      </Card>
      <Answer request={r} l={l} />
      {props.children}
      <Card title={m(l, 'historyTitle')}>
        <ol class="timeline">
          {props.events.map((e) => (
            <li>
              <When at={e.at} l={l} /> <strong>{eventLabel(e.kind, l)}</strong> <span class="note-meta">{m(l, 'byActor', { name: SYSTEM_ACTORS.has(e.actorName) ? m(l, 'actorSystem') : e.actorName })}</span>
              {e.note === null ? null : <p class="pre-wrap">{e.note}</p>}
            </li>
          ))}
        </ol>
      </Card>
    </Layout>
  );
}
