// Error pages (403, 404, 500 and other statuses) inside the normal layout, so
// a lost visitor still has the navigation. Never shows internals: only the
// caller's safe title and message and, for support, the request id.
import type { Html } from './jsx/jsx-runtime.ts';
import type { Locale } from '../core/i18n.ts';
import { Layout, type PageContext } from './layout.tsx';
import { PageHeader } from './components.tsx';
import { shellMessage } from './messages.ts';

/** The default, safe-to-show title and message for an HTTP error status. */
export function defaultErrorCopy(locale: Locale, status: number): { title: string; message: string } {
  switch (status) {
    case 403:
      return { title: shellMessage(locale, 'error403Title'), message: shellMessage(locale, 'error403Message') };
    case 404:
      return { title: shellMessage(locale, 'error404Title'), message: shellMessage(locale, 'error404Message') };
    default:
      return status >= 500
        ? { title: shellMessage(locale, 'error500Title'), message: shellMessage(locale, 'error500Message') }
        : { title: shellMessage(locale, 'errorGenericTitle'), message: shellMessage(locale, 'errorGenericMessage') };
  }
}

/** A full error page in the layout, with the status, an explanation, the request id and a way home. */
export function ErrorPage(props: { ctx: PageContext; status: number; title: string; message: string; requestId?: string | undefined }): Html {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <PageHeader title={props.title} lead={props.message} />
      <p class="error-status">{shellMessage(ctx.locale, 'errorStatus', { status: props.status })}</p>
      {props.requestId ? <p class="error-request-id">{shellMessage(ctx.locale, 'errorRequestId', { id: props.requestId })}</p> : null}
      <p><a class="button button-primary" href="/">{shellMessage(ctx.locale, 'errorBackHome')}</a></p>
    </Layout>
  );
}
