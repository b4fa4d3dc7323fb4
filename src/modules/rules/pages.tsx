import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { defineMessages } from '../../core/i18n.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { Alert, Card, CsrfField, DataTable, ErrorSummary, Field, PageHeader, SelectField, SubmitButton, TextArea } from '../../web/components.tsx';
import { formSchema, formString, type FormBody } from '../../web/forms.ts';
import { Layout } from '../../web/layout.tsx';
import { pageContext, sendPage } from '../../web/page-context.ts';
import { can, requireUserPage } from '../identity/index.ts';
import { contextOf } from '../identity/http.ts';
import { formatTime, formErrorsOrThrow, summaryOf } from '../identity/admin-pages.tsx';
import { vnDate } from './calendar.ts';
import { RULE_UNITS } from './seed.ts';
import { addRuleVersion, listRules } from './service.ts';
import { canonicalJson } from '../audit/chain.ts';
import type { RuleValue } from './versions.ts';

const t = defineMessages({
  vi: {
    title: 'Quy định pháp lý',
    lead: 'Mọi thời hạn và ngưỡng mà hệ thống áp dụng đều lấy từ phiên bản quy định có hiệu lực tại thời điểm bắt đầu tính, kèm trích dẫn văn bản. Luật thay đổi thì thêm phiên bản mới, không cần triển khai lại.',
    caption: 'Các phiên bản quy định',
    empty: 'Chưa có quy định.',
    key: 'Khoá',
    value: 'Giá trị',
    unit: 'Đơn vị',
    validFrom: 'Hiệu lực từ (ngày, giờ Việt Nam)',
    validTo: 'Hết hiệu lực (không bắt buộc)',
    citation: 'Căn cứ pháp lý',
    note: 'Ghi chú',
    from: 'Từ',
    to: 'Đến',
    add: 'Thêm phiên bản',
    addLead: 'Giá trị là một số (ví dụ 24), hoặc JSON cho quy định có cấu trúc (ví dụ {"days":10,"extension_days":10}).',
    added: 'Đã thêm phiên bản mới.',
    errors: 'Có lỗi cần sửa',
  },
  en: {
    title: 'Legal rules',
    lead: 'Every deadline and threshold the system applies comes from the rule version in force when its clock started, with its citation. When the law changes, add a version: no deploy needed.',
    caption: 'Rule versions',
    empty: 'No rules yet.',
    key: 'Key',
    value: 'Value',
    unit: 'Unit',
    validFrom: 'Valid from (date, Vietnam time)',
    validTo: 'Valid until (optional)',
    citation: 'Legal basis',
    note: 'Note',
    from: 'From',
    to: 'To',
    add: 'Add a version',
    addLead: 'The value is a number (for example 24), or JSON for a structured rule (for example {"days":10,"extension_days":10}).',
    added: 'New version added.',
    errors: 'There is a problem',
  },
});

const NewVersionForm = formSchema(['key', 'value', 'unit', 'validFrom', 'validTo', 'citation', 'note']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseValue(text: string | undefined): RuleValue {
  if (text === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'value', message: 'required' }]);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'value', message: 'a number or a JSON object' }]);
}

function parseDay(field: string, text: string | undefined): Date | null {
  if (text === undefined) return null;
  if (!ISO_DATE.test(text) || Number.isNaN(vnDate(text).getTime())) throw new AppError('VALIDATION_FAILED', undefined, [{ field, message: 'YYYY-MM-DD' }]);
  return vnDate(text);
}

/** /admin/rules: every version with its citation, and a form to add one. */
export function registerRulesPages(app: AppInstance, deps: { database: Database; clock: Clock }): void {
  const { database, clock } = deps;

  const page = async (request: FastifyRequest, reply: FastifyReply, state: { values: FormBody; errors: Record<string, string> } | null, added = false) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = pageContext(request);
    const l = ctx.locale;
    const versions = await listRules(database.db, contextOf(request, clock));
    const errors = state?.errors ?? {};
    const value = (name: string) => (state === null ? undefined : formString(state.values, name));
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(l, 'title')} wide>
        <PageHeader title={t(l, 'title')} lead={t(l, 'lead')} />
        {added ? <Alert kind="success">{t(l, 'added')}</Alert> : null}
        <DataTable
          caption={t(l, 'caption')}
          columns={[{ key: 'key', label: t(l, 'key') }, { key: 'value', label: t(l, 'value') }, { key: 'unit', label: t(l, 'unit') }, { key: 'from', label: t(l, 'from') }, { key: 'to', label: t(l, 'to') }, { key: 'citation', label: t(l, 'citation') }]}
          rows={versions.map((v) => ({
            key: <code>{v.key}</code>,
            value: <code>{typeof v.value === 'number' ? String(v.value) : canonicalJson(v.value)}</code>,
            unit: v.unit,
            from: formatTime(v.validFrom, l),
            to: formatTime(v.validTo, l),
            citation: v.citation,
          }))}
          empty={t(l, 'empty')}
        />
        {can(user, 'rules.write') ? (
          <Card title={t(l, 'add')}>
            <p>{t(l, 'addLead')}</p>
            {Object.keys(errors).length > 0 ? <ErrorSummary title={t(l, 'errors')} errors={summaryOf(errors)} /> : null}
            <form method="post" action="/admin/rules" class="form">
              <CsrfField token={ctx.csrfToken} />
              <Field name="key" label={t(l, 'key')} required maxlength={100} value={value('key')} error={errors.key} hint="takedown.authority_request" />
              <Field name="value" label={t(l, 'value')} required maxlength={500} value={value('value')} error={errors.value} />
              <SelectField name="unit" label={t(l, 'unit')} required value={value('unit')} error={errors.unit} options={RULE_UNITS.map((u) => ({ value: u, label: u }))} />
              <Field name="validFrom" label={t(l, 'validFrom')} type="date" required value={value('validFrom')} error={errors.validFrom} />
              <Field name="validTo" label={t(l, 'validTo')} type="date" value={value('validTo')} error={errors.validTo} />
              <Field name="citation" label={t(l, 'citation')} required maxlength={300} value={value('citation')} error={errors.citation} />
              <TextArea name="note" label={t(l, 'note')} maxlength={1000} value={value('note')} />
              <SubmitButton>{t(l, 'add')}</SubmitButton>
            </form>
          </Card>
        ) : null}
      </Layout>,
      state === null ? 200 : 400,
    );
  };

  app.get('/admin/rules', { schema: { tags: ['pages'], summary: 'Legal rules page' } }, (request, reply) =>
    page(request, reply, null, (request.query as { done?: string }).done === 'added'),
  );

  app.post('/admin/rules', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Add a rule version (form)', body: NewVersionForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const body = request.body as FormBody;
    try {
      const validFrom = parseDay('validFrom', formString(body, 'validFrom'));
      if (validFrom === null) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'validFrom', message: 'required' }]);
      await database.transaction((tx) =>
        addRuleVersion(tx.db, contextOf(request, clock), {
          key: formString(body, 'key') ?? '',
          value: parseValue(formString(body, 'value')),
          unit: formString(body, 'unit') ?? '',
          validFrom,
          validTo: parseDay('validTo', formString(body, 'validTo')),
          citation: formString(body, 'citation') ?? '',
          note: formString(body, 'note') ?? null,
        }),
      );
    } catch (error) {
      return page(request, reply, { values: body, errors: formErrorsOrThrow(error) });
    }
    return reply.redirect('/admin/rules?done=added', 303);
  });
}
