import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import { defineMessages, type Locale } from '../../core/i18n.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { Alert, Card, DataTable, Field, PageHeader, Pagination, SubmitButton } from '../../web/components.tsx';
import { Layout } from '../../web/layout.tsx';
import { pageContext, sendPage } from '../../web/page-context.ts';
import { can, requireUserPage } from '../identity/index.ts';
import { contextOf } from '../identity/http.ts';
import { AuditQuery, auditFilterOf } from './routes.ts';
import { browseAudit, verifyAudit } from './service.ts';
import { canonicalJson } from './chain.ts';

const t = defineMessages({
  vi: {
    title: 'Nhật ký kiểm toán',
    lead: 'Mọi thay đổi đều được ghi lại, nối chuỗi băm: sửa, chèn hay xoá một dòng đều bị phát hiện khi kiểm tra.',
    caption: 'Các mục nhật ký, mới nhất trước',
    empty: 'Không có mục nào khớp bộ lọc.',
    seq: 'Số',
    at: 'Thời điểm',
    actor: 'Người thực hiện',
    action: 'Hành động',
    subject: 'Đối tượng',
    summary: 'Nội dung thay đổi',
    filter: 'Lọc',
    filterTitle: 'Bộ lọc',
    actionHint: 'ví dụ org.create, user.create, token.revoke',
    orgId: 'Mã tổ chức',
    subjectId: 'Mã đối tượng',
    verify: 'Kiểm tra tính toàn vẹn chuỗi',
    verifyOk: 'Chuỗi nguyên vẹn: {entries} mục, từ mục 1 đến mục {head}.',
    verifyFailed: 'CHUỖI BỊ THAY ĐỔI: {count} vấn đề.',
  },
  en: {
    title: 'Audit log',
    lead: 'Every change is recorded in a hash chain: an edited, inserted or deleted row is caught by verification.',
    caption: 'Audit entries, newest first',
    empty: 'No entries match the filter.',
    seq: 'No.',
    at: 'Time',
    actor: 'Actor',
    action: 'Action',
    subject: 'Subject',
    summary: 'Change',
    filter: 'Filter',
    filterTitle: 'Filter',
    actionHint: 'for example org.create, user.create, token.revoke',
    orgId: 'Organisation id',
    subjectId: 'Subject id',
    verify: 'Verify the chain',
    verifyOk: 'The chain is intact: {entries} entries, from 1 to {head}.',
    verifyFailed: 'THE CHAIN WAS ALTERED: {count} problems.',
  },
});

function formatAt(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
}

/** /admin/audit: browse and filter the log; /admin/audit/verify: check the chain. */
export function registerAuditPages(app: AppInstance, deps: { database: Database; clock: Clock }): void {
  app.get('/admin/audit', { schema: { tags: ['pages'], summary: 'Audit log page', querystring: AuditQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const entries = await browseAudit(deps.database.db, contextOf(request, deps.clock), auditFilterOf(request.query));
    const last = entries.at(-1);
    const params = new URLSearchParams(Object.entries(request.query).filter(([k, v]) => k !== 'before' && v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    if (last !== undefined && entries.length === 50) params.set('before', String(last.seq));
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(l, 'title')} wide>
        <PageHeader title={t(l, 'title')} lead={t(l, 'lead')} />
        {can(user, 'audit.read_all') ? <p><a class="button button-secondary" href="/admin/audit/verify">{t(l, 'verify')}</a></p> : null}
        <Card title={t(l, 'filterTitle')}>
          <form method="get" action="/admin/audit" class="form form-inline">
            <Field name="action" label={t(l, 'action')} hint={t(l, 'actionHint')} value={request.query.action} maxlength={60} />
            <Field name="orgId" label={t(l, 'orgId')} value={request.query.orgId} maxlength={36} />
            <Field name="subjectId" label={t(l, 'subjectId')} value={request.query.subjectId} maxlength={100} />
            <SubmitButton variant="secondary">{t(l, 'filter')}</SubmitButton>
          </form>
        </Card>
        <DataTable
          caption={t(l, 'caption')}
          columns={[{ key: 'seq', label: t(l, 'seq'), numeric: true }, { key: 'at', label: t(l, 'at') }, { key: 'actor', label: t(l, 'actor') }, { key: 'action', label: t(l, 'action') }, { key: 'subject', label: t(l, 'subject') }, { key: 'summary', label: t(l, 'summary') }]}
          rows={entries.map((e) => ({
            seq: e.seq,
            at: formatAt(e.at, l),
            actor: e.actorLabel,
            action: <code>{e.action}</code>,
            subject: `${e.subjectType}${e.subjectId ? ` ${e.subjectId.slice(0, 8)}` : ''}`,
            summary: <code class="audit-summary">{canonicalJson(e.summary)}</code>,
          }))}
          empty={t(l, 'empty')}
        />
        <Pagination locale={l} next={params.has('before') ? `/admin/audit?${params.toString()}` : undefined} />
      </Layout>,
    );
  });

  app.get('/admin/audit/verify', { schema: { tags: ['pages'], summary: 'Audit chain verification page' } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const result = await verifyAudit(deps.database.db, contextOf(request, deps.clock));
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(l, 'verify')}>
        <PageHeader title={t(l, 'verify')} />
        {result.ok ? (
          <Alert kind="success">{t(l, 'verifyOk', { entries: result.entries, head: result.headSeq })}</Alert>
        ) : (
          <Alert kind="error">
            {t(l, 'verifyFailed', { count: result.problems.length })}
            <ul>{result.problems.map((p) => <li>{`#${p.seq} ${p.kind}: ${p.message}`}</li>)}</ul>
          </Alert>
        )}
        <p><a href="/admin/audit">{t(l, 'title')}</a></p>
      </Layout>,
      result.ok ? 200 : 409,
    );
  });
}
