import QRCode from 'qrcode';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { Alert, CsrfField, Field, PageHeader, SubmitButton } from '../../web/components.tsx';
import { formSchema, formString, type FormBody } from '../../web/forms.ts';
import { raw } from '../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../web/layout.tsx';
import { pageContext, sendPage } from '../../web/page-context.ts';
import { safeNextPath } from '../../web/shell-pages.tsx';
import { beginTotpEnrolment, changePassword, login, logout, verifyTwoFactor } from './auth.ts';
import { clearSessionCookie, contextOf, setSessionCookie } from './http.ts';
import { m, type IdentityMessage } from './messages.ts';
import { requireSession } from './page-guard.ts';

type Deps = { database: Database; clock: Clock; box: SecretBox; config: Config; loginRateLimit: { max: number; timeWindow: number } };

const LoginForm = formSchema(['email', 'password', 'next']);
const CodeForm = formSchema(['code', 'next']);
const PasswordForm = formSchema(['current', 'next']);

/** Login, two-factor enrolment and verification, password change, logout. */
export function registerAuthPages(app: AppInstance, deps: Deps): void {
  const { database, clock, box, config } = deps;

  const loginPage = (request: FastifyRequest, reply: FastifyReply, options: { email?: string; error?: IdentityMessage; status?: number } = {}) => {
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    const next = safeNextPath((request.query as { next?: unknown }).next ?? (request.body as FormBody | undefined)?.next, '');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('loginTitle')}>
        <PageHeader title={t('loginTitle')} lead={t('loginLead')} />
        {options.error ? <Alert kind="error">{t(options.error)}</Alert> : null}
        <form method="post" action="/login" class="form narrow">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          <Field name="email" label={t('email')} type="email" autocomplete="username" required value={options.email} maxlength={254} />
          <Field name="password" label={t('password')} type="password" autocomplete="current-password" required maxlength={256} />
          <SubmitButton>{t('loginButton')}</SubmitButton>
        </form>
      </Layout>,
      options.status ?? 200,
    );
  };

  app.get('/login', { schema: { tags: ['pages'], summary: 'Login page' } }, (request, reply) => loginPage(request, reply));

  app.post(
    '/login',
    {
      config: { csrf: 'form', rateLimit: deps.loginRateLimit },
      schema: { tags: ['pages'], summary: 'Log in (form)', body: LoginForm },
    },
    async (request, reply) => {
      const body = request.body as FormBody;
      const email = formString(body, 'email') ?? '';
      // A refusal is returned from inside the transaction, not thrown, so what the refusal
      // recorded (failed-attempt count, account lock, audit row) is committed, not rolled back.
      const result = await database.transaction((tx) =>
        login(tx.db, contextOf(request, clock), { email, password: formString(body, 'password') ?? '', ttlHours: config.sessionTtlHours }).catch((error: unknown) => {
          if (error instanceof AppError) return error;
          throw error;
        }),
      );
      if (result instanceof AppError) {
        const key: IdentityMessage = result.code === 'ACCOUNT_LOCKED' ? 'accountLocked' : 'loginFailed';
        return loginPage(request, reply, { email, error: key, status: result.status });
      }
      setSessionCookie(reply, config, result.sessionToken);
      const next = safeNextPath(body.next, '/admin');
      if (result.twoFactor === 'enrol') return reply.redirect(`/account/two-factor?next=${encodeURIComponent(next)}`, 303);
      if (result.twoFactor === 'verify') return reply.redirect(`/login/two-factor?next=${encodeURIComponent(next)}`, 303);
      if (result.mustChangePassword) return reply.redirect('/account/password', 303);
      return reply.redirect(next, 303);
    },
  );

  const codePage = (request: FastifyRequest, reply: FastifyReply, mode: 'verify' | 'enrol', enrol: { svg: string; secret: string } | null, failed = false) => {
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    const title = mode === 'enrol' ? t('enrolTitle') : t('twoFactorTitle');
    const action = mode === 'enrol' ? '/account/two-factor' : '/login/two-factor';
    const next = safeNextPath((request.query as { next?: unknown }).next ?? (request.body as FormBody | undefined)?.next, '/admin');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <PageHeader title={title} lead={mode === 'enrol' ? t('enrolLead') : t('twoFactorLead')} />
        {failed ? <Alert kind="error">{t('codeInvalid')}</Alert> : null}
        {enrol ? (
          <div class="totp-enrol">
            <figure class="qr" role="img" aria-label={t('enrolQrLabel')}>{raw(enrol.svg)}</figure>
            <p>{t('enrolSecret')} <code class="totp-secret" data-testid="totp-secret">{enrol.secret}</code></p>
          </div>
        ) : null}
        <form method="post" action={action} class="form narrow">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          <Field name="code" label={t('code')} inputmode="numeric" autocomplete="one-time-code" required maxlength={10} />
          <SubmitButton>{t('verify')}</SubmitButton>
        </form>
      </Layout>,
      failed ? 400 : 200,
    );
  };

  const enrolment = async (request: FastifyRequest) => {
    const session = requireSession(request);
    const { secret, uri } = await database.transaction((tx) => beginTotpEnrolment(tx.db, box, session.actor.userId, session.actor.email));
    // The QR is an SVG of plain rectangles made here from our own data: safe to inline.
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { svg, secret };
  };

  app.get('/account/two-factor', { schema: { tags: ['pages'], summary: 'Two-factor enrolment page' } }, async (request, reply) => {
    if (request.session === null) return reply.redirect('/login', 303);
    if (request.session.twoFactor === 'verify') return reply.redirect('/login/two-factor', 303);
    if (request.session.twoFactor === null && request.session.actor.twoFactorVerified) return reply.redirect('/admin', 303);
    return codePage(request, reply, 'enrol', await enrolment(request));
  });

  const submitCode = (mode: 'verify' | 'enrol') => async (request: FastifyRequest, reply: FastifyReply) => {
    const session = requireSession(request);
    const body = request.body as FormBody;
    try {
      await database.transaction((tx) => verifyTwoFactor(tx.db, contextOf(request, clock), box, session, formString(body, 'code') ?? ''));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'TWO_FACTOR_INVALID') throw error;
      return codePage(request, reply, mode, mode === 'enrol' ? await enrolment(request) : null, true);
    }
    if (session.mustChangePassword) return reply.redirect('/account/password', 303);
    return reply.redirect(safeNextPath(body.next, '/admin'), 303);
  };

  app.post('/account/two-factor', { config: { csrf: 'form', rateLimit: deps.loginRateLimit }, schema: { tags: ['pages'], summary: 'Confirm two-factor enrolment (form)', body: CodeForm } }, submitCode('enrol'));

  app.get('/login/two-factor', { schema: { tags: ['pages'], summary: 'Two-factor code page' } }, (request, reply) => {
    if (request.session === null) return reply.redirect('/login', 303);
    return codePage(request, reply, 'verify', null);
  });
  app.post('/login/two-factor', { config: { csrf: 'form', rateLimit: deps.loginRateLimit }, schema: { tags: ['pages'], summary: 'Verify a two-factor code (form)', body: CodeForm } }, submitCode('verify'));

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}, status = 200) => {
    const ctx = pageContext(request);
    const t = (key: IdentityMessage) => m(ctx.locale, key);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('passwordTitle')}>
        <PageHeader title={t('passwordTitle')} lead={t('passwordLead')} />
        <form method="post" action="/account/password" class="form narrow">
          <CsrfField token={ctx.csrfToken} />
          <Field name="current" label={t('currentPassword')} type="password" autocomplete="current-password" required error={errors.current} maxlength={256} />
          <Field name="next" label={t('newPassword')} type="password" autocomplete="new-password" required error={errors.next} maxlength={256} />
          <SubmitButton>{t('save')}</SubmitButton>
        </form>
      </Layout>,
      status,
    );
  };

  app.get('/account/password', { schema: { tags: ['pages'], summary: 'Change password page' } }, (request, reply) =>
    request.session === null ? reply.redirect('/login', 303) : passwordPage(request, reply),
  );
  app.post('/account/password', { config: { csrf: 'form', rateLimit: deps.loginRateLimit }, schema: { tags: ['pages'], summary: 'Change password (form)', body: PasswordForm } }, async (request, reply) => {
    const session = requireSession(request);
    const body = request.body as FormBody;
    try {
      await database.transaction((tx) =>
        changePassword(tx.db, contextOf(request, clock), session.actor.userId, { current: formString(body, 'current') ?? '', next: formString(body, 'next') ?? '' }),
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const messages = Object.fromEntries(error.details.map((d) => [d.field ?? 'next', d.message]));
      return passwordPage(request, reply, messages, error.status);
    }
    return reply.redirect(session.twoFactor === 'enrol' ? '/account/two-factor' : '/admin', 303);
  });

  app.post('/logout', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Log out (form)', body: formSchema([]) } }, async (request, reply) => {
    const session = request.session;
    if (session !== null) await database.transaction((tx) => logout(tx.db, contextOf(request, clock), session.idHash));
    clearSessionCookie(reply, config);
    return reply.redirect('/', 303);
  });
}
