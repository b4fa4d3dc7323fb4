import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, LOCALE_COOKIE, resolveLocale, type Locale } from '../core/i18n.ts';
import { effectiveMemberships } from '../modules/identity/index.ts';
import { renderDocument, type Child } from './jsx/jsx-runtime.ts';
import type { PageContext } from './layout.tsx';

/** The locale for this request: ?lang, then the cookie, then Accept-Language, else Vietnamese. */
export function localeOf(request: FastifyRequest): Locale {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  return resolveLocale({
    query: typeof query === 'string' ? query : undefined,
    cookie: request.cookies[LOCALE_COOKIE],
    acceptLanguage: request.headers['accept-language'],
  });
}

/** `lang=xx` when the page was opened with `?lang=`, so the next page keeps the language. */
export function langParam(request: FastifyRequest): string | null {
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLocale(lang) ? `lang=${lang}` : null;
}

/** A path with the query parameters that are not null, joined by `&` (each already `name=value`). */
export function withQuery(path: string, ...params: (string | null)[]): string {
  const query = params.filter((p) => p !== null).join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** What the layout needs to know about this request. */
export function pageContext(request: FastifyRequest, flash: PageContext['flash'] = null): PageContext {
  const actor = request.actor;
  const memberships = effectiveMemberships(actor);
  return {
    locale: localeOf(request),
    path: request.url,
    csrfToken: request.csrfToken,
    flash,
    user:
      actor.type === 'user'
        ? {
            displayName: actor.displayName,
            email: actor.email,
            isStaff: memberships.some((m) => m.orgKind === 'authority'),
            canAdminister: memberships.some((m) => m.role === 'admin' || m.role === 'org_admin' || m.role === 'supervisor'),
            receivesRequests: memberships.some((m) => m.orgKind === 'platform' || m.orgKind === 'telecom'),
          }
        : null,
  };
}

/** Send a rendered page. */
export function sendPage(reply: FastifyReply, page: Child, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(renderDocument(page));
}
