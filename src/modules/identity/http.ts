import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { randomToken, type SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { csrfTokenFor, csrfTokenValid } from '../../core/http/csrf.ts';
import { resolveSession, type SessionState } from './auth.ts';
import type { Actor, Context } from './model.ts';
import { authenticateToken } from './tokens.ts';

export const SESSION_COOKIE = 'antoan_session';
export const CSRF_COOKIE = 'antoan_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    session: SessionState | null;
    /** The token forms on this request's pages must carry. */
    csrfToken: string;
    /** Internal to this module: what the getters above read (see installAuthentication). */
    authState: AuthState | null;
  }
  interface FastifyContextConfig {
    /** Form posts from pages: the `_csrf` field must match. */
    csrf?: 'form';
  }
}

/** Per-request state behind `actor` and `csrfToken`. */
type AuthState = { actor: Actor; reply: FastifyReply | null; csrfToken: string | undefined };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ANONYMOUS: Actor = Object.freeze({ type: 'anonymous' });

/**
 * Resolve who is calling, once per request: a bearer token (API), else the
 * session cookie (pages and same-site API calls), else anonymous. Then check
 * CSRF for anything that rides on a cookie.
 */
export function installAuthentication(app: FastifyInstance, deps: { database: Database; clock: Clock; box: SecretBox; config: Config }): void {
  // The state lives in a field on the request, not in WeakMaps keyed by it: a WeakMap entry whose
  // value leads back to its key (the reply does) kept every request alive through young-generation
  // collections until the next full one — about 5 KB promoted per request, measured.
  app.decorateRequest('authState', null);
  // Every request gets its actor in the first hook below; until then (errors raised earlier) it is anonymous.
  app.decorateRequest('actor', {
    getter(this: FastifyRequest): Actor {
      return this.authState?.actor ?? ANONYMOUS;
    },
  });
  app.decorateRequest('session', null);
  // The CSRF token is made when a page first asks for it (a form), not for every request: a
  // public API call or a feed download would otherwise pay for a random cookie and an HMAC it
  // never uses (most of a lookup's cost) and get a Set-Cookie it does not want.
  const bindingOf = (request: FastifyRequest, reply: FastifyReply): string => request.session?.idHash ?? anonymousBinding(request, reply, deps.config);
  app.decorateRequest('csrfToken', {
    getter(this: FastifyRequest): string {
      const state = this.authState;
      // Before the hook below (an error raised earlier) or with a bearer token: no form binding.
      if (state?.reply == null) return '';
      state.csrfToken ??= csrfTokenFor(deps.box, bindingOf(this, state.reply));
      return state.csrfToken;
    },
  });

  app.addHook('preValidation', async (request, reply) => {
    const now = deps.clock.now();
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match?.[1] === undefined) throw new AppError('INVALID_TOKEN');
      request.authState = { actor: await authenticateToken(deps.database.db, match[1], now), reply: null, csrfToken: undefined };
      request.session = null;
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    const session = sessionToken === undefined ? null : await resolveSession(deps.database.db, sessionToken, now);
    if (sessionToken !== undefined && session === null) clearSessionCookie(reply, deps.config);
    request.session = session;
    request.authState = { actor: session?.actor ?? ANONYMOUS, reply, csrfToken: undefined };
    if (!UNSAFE.has(request.method)) return;
    const formPost = request.routeOptions.config.csrf === 'form';
    if (!formPost && session === null) return;
    const binding = bindingOf(request, reply);
    if (formPost) {
      const submitted = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!csrfTokenValid(deps.box, binding, submitted)) throw new AppError('CSRF_INVALID');
    } else if (session !== null && !csrfTokenValid(deps.box, binding, request.headers['x-csrf-token'])) {
      // A cookie-authenticated API call must prove it came from our own pages.
      throw new AppError('CSRF_INVALID');
    }
  });
}

// Before login, forms are bound to a random cookie so a login form cannot be forged either.
function anonymousBinding(request: FastifyRequest, reply: FastifyReply, config: Config): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return `anon:${existing}`;
  const fresh = randomToken(32);
  reply.setCookie(CSRF_COOKIE, fresh, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
  request.cookies[CSRF_COOKIE] = fresh;
  return `anon:${fresh}`;
}

/** Set the session cookie after login. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: config.sessionTtlHours * 3600,
  });
}

/** Remove the session cookie (logout, or an expired session). */
export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
}

/** The use-case context for a request. */
export function contextOf(request: FastifyRequest, clock: Clock): Context {
  return { actor: request.actor, requestId: request.id, now: clock.now() };
}
