// The import page (/admin/indicators/import): the upload form, the result of the upload just
// made, and the recent imports. A multipart form that works without JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import { normalizeError, wantsJson } from '../../../core/http/errors.ts';
import { uploadsOf } from '../../../core/http/uploads.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Card, CsrfField, DataTable, DefinitionList, ErrorSummary, Field, PageHeader, SelectField, SubmitButton } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { formSchema, formString } from '../../../web/forms.ts';
import { Layout, type PageContext } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { requireUserPage } from '../../identity/index.ts';
import { contextOf } from '../../identity/http.ts';
import type { ReputationDeps } from '../routes.ts';
import { IMPORT_FORMATS, type ImportFormat } from './formats.ts';
import { importMessage as t } from './messages.ts';
import type { ImportRow } from './repository.ts';
import { IMPORT_MAX_MEGABYTES, importUploadConfig, refuseTooLarge, runImport } from './http.ts';
import { listImports, type ImportResult } from './service.ts';

export const IMPORT_PAGE = '/admin/indicators/import';

const FORMAT_LABEL_KEYS = {
  chongluadao: 'formatChongluadao',
  phishtank: 'formatPhishtank',
  openphish: 'formatOpenphish',
  urlhaus: 'formatUrlhaus',
  csv: 'formatCsv',
  json: 'formatJson',
} as const satisfies Record<ImportFormat, string>;

type ImportPageState = {
  values: { format?: string | undefined; source?: string | undefined };
  errors: { field: string; message: string }[];
  result: ImportResult | null;
  recent: readonly ImportRow[];
  maxMegabytes: number;
};

function formatAt(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
}

const number = (n: number, l: Locale): string => n.toLocaleString(l === 'vi' ? 'vi-VN' : 'en-GB');

function Result(props: { result: ImportResult; l: Locale }): Html {
  const { result, l } = props;
  const counts = (['added', 'updated', 'unchanged', 'skipped', 'invalid', 'ignored'] as const).map((key) => ({ term: t(l, key), description: number(result[key], l) }));
  return (
    <Card title={t(l, 'resultTitle')}>
      <p role="status">{t(l, 'resultSummary', { file: result.fileName ?? t(l, 'noFileName'), format: result.format, source: result.sourceKey })}</p>
      <DefinitionList items={counts} />
      {result.problems.length > 0 ? (
        <DataTable
          caption={t(l, 'problemsCaption')}
          columns={[{ key: 'line', label: t(l, 'line'), numeric: true }, { key: 'reason', label: t(l, 'reason') }]}
          rows={result.problems.map((p) => ({ line: p.line, reason: p.reason }))}
          empty=""
        />
      ) : null}
    </Card>
  );
}

function ImportPage(props: { ctx: PageContext; state: ImportPageState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const errorOf = (field: string) => state.errors.find((e) => e.field === field)?.message;
  return (
    <Layout ctx={ctx} title={t(l, 'title')} wide>
      <PageHeader title={t(l, 'title')} lead={t(l, 'lead')} />
      {state.result === null ? null : <Result result={state.result} l={l} />}
      <Card title={t(l, 'formTitle')}>
        <ErrorSummary title={t(l, 'errorsTitle')} errors={state.errors} />
        <form method="post" action={IMPORT_PAGE} enctype="multipart/form-data" class="form">
          <CsrfField token={ctx.csrfToken} />
          <Field name="file" type="file" label={t(l, 'file')} hint={t(l, 'fileHint', { mb: state.maxMegabytes })} required error={errorOf('file')} />
          <SelectField
            name="format"
            label={t(l, 'format')}
            options={IMPORT_FORMATS.map((format) => ({ value: format, label: t(l, FORMAT_LABEL_KEYS[format]) }))}
            value={state.values.format}
            required
            error={errorOf('format')}
          />
          <Field name="source" label={t(l, 'source')} hint={t(l, 'sourceHint')} value={state.values.source} maxlength={60} error={errorOf('source')} />
          <SubmitButton>{t(l, 'submit')}</SubmitButton>
        </form>
      </Card>
      <h2>{t(l, 'recentTitle')}</h2>
      <DataTable
        caption={t(l, 'recentCaption')}
        columns={[
          { key: 'at', label: t(l, 'finishedAt') },
          { key: 'format', label: t(l, 'format') },
          { key: 'source', label: t(l, 'source') },
          { key: 'file', label: t(l, 'fileName') },
          { key: 'by', label: t(l, 'by') },
          { key: 'added', label: t(l, 'added'), numeric: true },
          { key: 'updated', label: t(l, 'updated'), numeric: true },
          { key: 'unchanged', label: t(l, 'unchanged'), numeric: true },
          { key: 'skipped', label: t(l, 'skipped'), numeric: true },
          { key: 'invalid', label: t(l, 'invalid'), numeric: true },
        ]}
        rows={state.recent.map((row) => ({
          at: formatAt(row.finishedAt, l),
          format: row.format,
          source: <code>{row.sourceKey}</code>,
          file: row.fileName ?? t(l, 'noFileName'),
          by: row.actorName,
          added: number(row.added, l),
          updated: number(row.updated, l),
          unchanged: number(row.unchanged, l),
          skipped: number(row.skipped, l),
          invalid: number(row.invalid, l),
        }))}
        empty={t(l, 'recentEmpty')}
      />
    </Layout>
  );
}

/** GET and POST /admin/indicators/import (national supervisors and admins: indicator.import). */
export function registerImportPages(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;
  const page = async (request: FastifyRequest, reply: FastifyReply, state: Partial<ImportPageState>, status = 200) => {
    const recent = await listImports(database, contextOf(request, clock), 20);
    const full: ImportPageState = { values: {}, errors: [], result: null, recent, maxMegabytes: IMPORT_MAX_MEGABYTES, ...state };
    return sendPage(reply, <ImportPage ctx={pageContext(request)} state={full} />, status);
  };

  const PageQuery = Type.Object({ error: Type.Optional(Type.Literal('too_large')), lang: Type.Optional(Type.String({ maxLength: 5 })) });
  app.get(IMPORT_PAGE, { schema: { tags: ['pages'], summary: 'Import indicators (upload page)', querystring: PageQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const l = pageContext(request).locale;
    const errors = request.query.error === 'too_large' ? [{ field: 'file', message: t(l, 'fileTooLarge', { mb: IMPORT_MAX_MEGABYTES }) }] : [];
    return page(request, reply, { errors });
  });

  // A file over the limit is refused while the multipart body is read, before the session is
  // known: send the browser back to the page, which names the limit.
  const tooLargeBack = (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    const known = normalizeError(error);
    if (!(known instanceof AppError && known.code === 'EVIDENCE_TOO_LARGE')) throw error;
    if (wantsJson(request)) refuseTooLarge(error);
    void reply.redirect(`${IMPORT_PAGE}?error=too_large`, 303);
  };

  app.post(
    IMPORT_PAGE,
    {
      config: { csrf: 'form', ...importUploadConfig },
      errorHandler: tooLargeBack,
      schema: { tags: ['pages'], summary: `Import indicators (multipart form: file, format, source; at most ${IMPORT_MAX_MEGABYTES} MB)`, body: formSchema(['format', 'source']) },
    },
    async (request, reply) => {
      if (requireUserPage(request, reply) === null) return reply;
      const l = pageContext(request).locale;
      const values = { format: formString(request.body, 'format'), source: formString(request.body, 'source') };
      const files = uploadsOf(request);
      const file = files[0];
      if (files.length > 1 || file === undefined || file.fieldName !== 'file' || file.bytes.byteLength === 0) {
        return page(request, reply, { values, errors: [{ field: 'file', message: t(l, files.length > 1 ? 'fileTooMany' : 'fileMissing') }] }, 400);
      }
      try {
        const result = await runImport(deps, request, { format: values.format ?? '', sourceKey: values.source ?? null, fileName: file.fileName, content: file.bytes, totalBytes: file.bytes.byteLength });
        return await page(request, reply, { values, result });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const errors = error.details.map((d) => (d.field === 'source' ? { field: 'source', message: t(l, 'sourceInvalid') } : { field: 'format', message: t(l, 'formatInvalid') }));
        return page(request, reply, { values, errors }, 400);
      }
    },
  );
}
