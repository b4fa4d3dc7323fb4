import type { AppInstance } from '../../src/core/http/types.ts';

/** Form fields as a browser sends them: repeated names for lists. */
export type FormFields = Record<string, string | readonly string[]>;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Encode fields as application/x-www-form-urlencoded. */
export function formBody(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

/** The value of a cookie set by a response, or null. */
export function setCookieValue(response: { cookies: { name: string; value: string }[] }, name: string): string | null {
  return response.cookies.find((cookie) => cookie.name === name)?.value ?? null;
}

/** The value of the `_csrf` hidden input in a page, or null. */
export function hiddenCsrf(html: string): string | null {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

/**
 * What a visitor without a session holds after opening the login page: the
 * `antoan_csrf` cookie and the `_csrf` value the page's forms carry.
 */
export async function anonymousForm(app: AppInstance): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const cookie = setCookieValue(page, 'antoan_csrf');
  const csrf = hiddenCsrf(page.body);
  if (page.statusCode !== 200 || cookie === null || csrf === null) throw new Error(`login page gave no CSRF material (status ${page.statusCode})`);
  return { cookie: `antoan_csrf=${cookie}`, csrf };
}

/** What a new visitor holds after opening a public form (report, appeal, trust application): the CSRF cookie, the hidden fields and the page. */
export type Visitor = { cookie: string; csrf: string; stamp: string; html: string };

/** Open a public form as a new visitor; throws when the page is not a 200 with a CSRF cookie, token and form stamp. */
export async function openPublicForm(app: AppInstance, url: string): Promise<Visitor> {
  const page = await app.inject({ method: 'GET', url });
  const cookie = setCookieValue(page, 'antoan_csrf');
  const csrf = hiddenCsrf(page.body);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.statusCode !== 200 || cookie === null || csrf === null || stamp === undefined) throw new Error(`${url} gave no form (status ${page.statusCode}, CSRF cookie, token or stamp missing)`);
  return { cookie: `antoan_csrf=${cookie}`, csrf, stamp, html: page.body };
}
