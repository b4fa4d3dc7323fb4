// The page shell: one HTML document per page, Vietnamese first. No inline
// script or style anywhere (the CSP forbids both): styles come from
// /static/app.css and behaviour from /static/htmx.min.js, and every citizen
// path works without JavaScript.
import type { Html, Child } from './jsx/jsx-runtime.ts';
import type { Locale } from '../core/i18n.ts';
import { shellMessage } from './messages.ts';
import { Alert } from './components.tsx';

/** What every page needs to know about the request it renders for. */
export type PageContext = {
  locale: Locale;
  path: string;
  csrfToken: string;
  /** `receivesRequests`: a member of a platform or telecom (the takedown inbox). */
  user: { displayName: string; email: string; isStaff: boolean; canAdminister: boolean; receivesRequests?: boolean } | null;
  flash?: { kind: 'success' | 'error' | 'info'; message: string } | null;
};

// htmx would otherwise inject a <style> element (blocked by the CSP; its
// indicator styles live in app.css) and could evaluate inline code.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false, selfRequestsOnly: true });

/** The URL of the language switch: `/lang?to=<other>&next=<current path>`. */
export function languageSwitchHref(ctx: Pick<PageContext, 'locale' | 'path'>): string {
  const to = otherLocale(ctx.locale);
  return `/lang?to=${to}&next=${encodeURIComponent(ctx.path)}`;
}

function otherLocale(locale: Locale): Locale {
  return locale === 'vi' ? 'en' : 'vi';
}

/** True when `href` is the current page or (except for `/`) one of its ancestors. */
function isCurrent(path: string, href: string): boolean {
  const pathname = path.split(/[?#]/)[0] ?? path;
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

function NavLink(props: { path: string; href: string; children?: Child }): Html {
  const current = isCurrent(props.path, props.href);
  return <li><a href={props.href} aria-current={current ? 'page' : undefined}>{props.children}</a></li>;
}

function Account(props: { ctx: PageContext }): Html {
  const { ctx } = props;
  const t = (key: 'logIn' | 'logOut' | 'signedInAs' | 'accountLabel' | 'navNotifications', name = ''): string => shellMessage(ctx.locale, key, { name });
  if (!ctx.user) {
    return <a class="account-login" href="/login" aria-current={isCurrent(ctx.path, '/login') ? 'page' : undefined}>{t('logIn')}</a>;
  }
  return (
    <div class="account" role="group" aria-label={t('accountLabel')}>
      <span class="account-name">{t('signedInAs', ctx.user.displayName)}</span>
      <a href="/me/notifications" aria-current={isCurrent(ctx.path, '/me/notifications') ? 'page' : undefined}>{t('navNotifications')}</a>
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button-secondary button-small">{t('logOut')}</button>
      </form>
    </div>
  );
}

/** The full HTML document around a page body; the body supplies the page's single h1. */
export function Layout(props: { ctx: PageContext; title: string; wide?: boolean; children?: Child }): Html {
  const { ctx } = props;
  const t = (key: Parameters<typeof shellMessage>[1]): string => shellMessage(ctx.locale, key);
  const other = otherLocale(ctx.locale);
  const flash = ctx.flash;
  // Header and footer take the page's width too, so their edges line up with the content.
  const container = props.wide ? 'container container-wide' : 'container';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('siteName')}`}</title>
        <meta name="description" content={t('tagline')} />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{t('skipLink')}</a>
        <header class="site-header">
          <div class={`${container} header-inner`}>
            <a class="brand" href="/">
              <span class="brand-name">{t('siteName')}</span>
              <span class="brand-tagline">{t('tagline')}</span>
            </a>
            <nav class="site-nav" aria-label={t('navLabel')}>
              <ul>
                <NavLink path={ctx.path} href="/">{t('navHome')}</NavLink>
                <NavLink path={ctx.path} href="/check">{t('navCheck')}</NavLink>
                <NavLink path={ctx.path} href="/report">{t('navReport')}</NavLink>
                <NavLink path={ctx.path} href="/advisories">{t('navWarnings')}</NavLink>
                {ctx.user?.isStaff ? <NavLink path={ctx.path} href="/cases">{t('navCases')}</NavLink> : null}
                {ctx.user?.isStaff ? <NavLink path={ctx.path} href="/takedowns">{t('navTakedowns')}</NavLink> : null}
                {ctx.user?.receivesRequests === true ? <NavLink path={ctx.path} href="/org/takedowns">{t('navTakedownInbox')}</NavLink> : null}
                {ctx.user?.canAdminister ? <NavLink path={ctx.path} href="/admin">{t('navAdmin')}</NavLink> : null}
              </ul>
            </nav>
            <div class="header-tools">
              <Account ctx={ctx} />
              <a class="language-switch" href={languageSwitchHref(ctx)} lang={other} hreflang={other}>
                {t('switchLanguage')}
              </a>
            </div>
          </div>
        </header>
        <main id="main" tabindex="-1" class={container}>
          {flash ? <Alert kind={flash.kind}>{flash.message}</Alert> : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class={container}>
            <p>{t('footerAbout')}</p>
            <p>{t('footerAdvice')}</p>
            <nav aria-label={t('footerLinksLabel')}>
              <ul class="footer-links">
                <li><a href="/transparency">{t('footerTransparency')}</a></li>
                <li><a href="/trust">{t('footerTrust')}</a></li>
                <li><a href="/docs#feeds">{t('footerFeeds')}</a></li>
                <li><a href="/docs">{t('footerApi')}</a></li>
              </ul>
            </nav>
            <p class="footer-license">{t('footerLicense')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
