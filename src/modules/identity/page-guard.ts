import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Actor } from './model.ts';

/**
 * For staff pages: a logged-in user who has finished two-factor and any forced
 * password change. Otherwise send them where they must go first and return null.
 */
export function requireUserPage(request: FastifyRequest, reply: FastifyReply): Extract<Actor, { type: 'user' }> | null {
  const session = request.session;
  if (session === null) {
    void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  if (session.twoFactor === 'enrol') {
    void reply.redirect(`/account/two-factor?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  if (session.twoFactor === 'verify') {
    void reply.redirect(`/login/two-factor?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  if (session.mustChangePassword) {
    void reply.redirect('/account/password', 303);
    return null;
  }
  return session.actor;
}

/** For account pages reachable during login: any session, else 401. */
export function requireSession(request: FastifyRequest) {
  if (request.session === null) throw new AppError('UNAUTHENTICATED');
  return request.session;
}
