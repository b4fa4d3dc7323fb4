// The public transparency database over HTTP: statements (JSON, paged, filtered), the
// per-organisation table, and daily dumps (CSV and JSON) of the statements published that day.
import { DAY_MS } from '../../core/clock.ts';
import { Readable } from 'node:stream';
import { csvField } from '../../core/csv.ts';
import type { Db } from '../../core/db.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { vnDate } from '../rules/index.ts';
import { presentStatement, STATEMENT_COLUMNS } from './present.ts';
import type { TakedownDeps } from './routes.ts';
import * as S from './schema.ts';
import { allStatementsBetween, figuresByOrganization, searchStatements } from './transparency.ts';


/** The public per-organisation table as the API and the page show it. */
export async function platformTable(db: Db, now: Date) {
  return (await figuresByOrganization(db, now)).map((f) => ({
    orgId: f.orgId,
    name: f.name,
    kind: f.kind,
    requests: f.requests,
    onTimeShare: f.onTimeShare,
    medianHoursToAction: f.medianHoursToAction,
    actioned: f.actioned,
    declined: f.declined,
    appealed: f.appealed,
    restored: f.restored,
  }));
}

export function registerTransparencyRoutes(app: AppInstance, deps: TakedownDeps): void {
  const { database, clock } = deps;
  const tags = ['transparency'];
  const rateLimit = { max: 300, timeWindow: 60_000 };

  app.get(
    '/api/v1/transparency/statements',
    {
      config: { rateLimit },
      schema: { tags, summary: 'Published statements of reasons (DSA transparency database fields), newest first; filter by platform, category, dates and text', querystring: S.StatementQuery, response: { 200: S.StatementPage } },
    },
    async (request) => {
      const { platform, from, to, q, ...rest } = request.query;
      const page = await searchStatements(database.db, {
        ...rest,
        platformOrgId: platform,
        from: from === undefined ? undefined : vnDate(from),
        to: to === undefined ? undefined : new Date(vnDate(to).getTime() + DAY_MS),
        text: q,
      });
      return { items: page.items.map(presentStatement), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/transparency/platforms',
    { config: { rateLimit }, schema: { tags, summary: 'Per organisation: requests, share answered on time, median hours to action, actioned, declined', response: { 200: S.PlatformTable } } },
    async () => ({ items: await platformTable(database.db, clock.now()) }),
  );

  app.get(
    '/transparency/dumps/:file',
    { config: { rateLimit }, schema: { tags, summary: 'The statements published on one Vietnam day, as CSV or JSON (statements-YYYY-MM-DD.csv|json); only days that have ended', params: S.DumpParams } },
    async (request, reply) => {
      const [, day = '', format] = /^statements-(\d{4}-\d{2}-\d{2})\.(csv|json)$/.exec(request.params.file) ?? [];
      const start = dayStart(day);
      const end = start === null ? null : new Date(start.getTime() + DAY_MS);
      // A day still under way is not a dump yet: its file would change.
      if (start === null || end === null || end > clock.now()) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No dump for this day (yet).', details: [] } });
      const rows = allStatementsBetween(database.db, start, end);
      const lines = format === 'csv' ? csvLines(rows) : jsonLines(rows);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('content-disposition', `attachment; filename="${request.params.file}"`)
        .send(Readable.from(lines));
    },
  );
}

/** The first instant of a Vietnam day, or null for a date the pattern lets through but the calendar has not (2026-02-31). */
function dayStart(day: string): Date | null {
  try {
    return vnDate(day);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

async function* csvLines(rows: AsyncIterable<Parameters<typeof presentStatement>[0]>): AsyncGenerator<string> {
  yield `${STATEMENT_COLUMNS.join(',')}\n`;
  for await (const row of rows) {
    const statement = presentStatement(row);
    yield `${STATEMENT_COLUMNS.map((column) => {
      const value = statement[column];
      return csvField(Array.isArray(value) ? value.join('|') : value === null ? '' : String(value));
    }).join(',')}\n`;
  }
}

async function* jsonLines(rows: AsyncIterable<Parameters<typeof presentStatement>[0]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(presentStatement(row))}`;
    first = false;
  }
  yield '\n]\n';
}
