import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LOCALE_COOKIE } from '../core/i18n.ts';
import type { AppInstance } from '../core/http/types.ts';
import { ErrorPage, defaultErrorCopy } from './errors.tsx';
import { HomePage } from './home.tsx';
import { renderDocument } from './jsx/jsx-runtime.ts';
import { localeOf, pageContext, sendPage } from './page-context.ts';

/** Only same-site paths, so `next` can never send someone to another site. */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 2000) return fallback;
  return next;
}

/** An error as an HTML page: the catalogue's safe message, never internals. */
export function renderHtmlError(request: FastifyRequest, status: number, _code: string, message: string): string {
  const locale = localeOf(request);
  const copy = defaultErrorCopy(locale, status);
  // The catalogue's messages are English; Vietnamese pages show the localised default copy.
  const shown = locale === 'en' && status < 500 ? message : copy.message;
  return renderDocument(<ErrorPage ctx={pageContext(request)} status={status} title={copy.title} message={shown} requestId={request.id} />);
}

/** The public home page and the language switch. */
export function registerShellPages(app: AppInstance): void {
  app.get('/', { schema: { tags: ['pages'], summary: 'Public home page' } }, (request, reply) => sendPage(reply, <HomePage ctx={pageContext(request)} />));

  app.get(
    '/lang',
    { schema: { tags: ['pages'], summary: 'Switch language (cookie), then go back', querystring: Type.Object({ to: Type.Union([Type.Literal('vi'), Type.Literal('en')]), next: Type.Optional(Type.String({ maxLength: 2000 })) }) } },
    (request, reply) => {
      reply.setCookie(LOCALE_COOKIE, request.query.to, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
      // Drop a stale ?lang= from the target so the cookie decides.
      const next = safeNextPath(request.query.next).replace(/([?&])lang=(vi|en)(&|$)/, '$1').replace(/[?&]$/, '');
      return reply.redirect(next || '/', 303);
    },
  );
}
