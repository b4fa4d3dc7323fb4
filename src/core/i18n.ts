// Locales and message catalogues. Vietnamese is the default; English is
// available everywhere. There is no global dictionary: each module declares its
// own catalogue beside its pages with `defineMessages`, and the compiler checks
// that both languages define exactly the same keys.

export const LOCALES = ['vi', 'en'] as const;

/** A supported UI language. */
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'vi';

/** Name of the cookie that remembers the visitor's language choice. */
export const LOCALE_COOKIE = 'antoan_lang';

/** Name of the query parameter that selects a language for one request. */
export const LOCALE_QUERY_PARAM = 'lang';

/** Values substituted for `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Look up a message by locale and key, filling `{name}` placeholders from params. */
export type Translator<K extends string> = (locale: Locale, key: K, params?: MessageParams) => string;

/** A translator already bound to one locale. */
export type LocalTranslator<K extends string> = (key: K, params?: MessageParams) => string;

/**
 * A catalogue: both languages with the same keys. K is inferred from both
 * tables, so a key missing from either one is a compile error.
 */
export type Catalogue<K extends string> = { vi: Record<K, string>; en: Record<K, string> };

/** True when the value names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Pick the best supported locale from an Accept-Language header, honouring q-values; null if none fits. */
export function parseAcceptLanguage(header: string): Locale | null {
  const ranked: { locale: Locale; q: number; order: number }[] = [];
  header.split(',').forEach((part, order) => {
    const [tag = '', ...parameters] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLocale(primary)) return;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
      if (match?.[1] !== undefined) q = Number(match[1]);
    }
    if (q > 0) ranked.push({ locale: primary, q, order });
  });
  ranked.sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.locale ?? null;
}

/** Resolve the request's locale: `?lang=`, then the `antoan_lang` cookie, then Accept-Language, else Vietnamese. */
export function resolveLocale(sources: { query?: string | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined }): Locale {
  const query = sources.query?.trim().toLowerCase();
  if (isLocale(query)) return query;
  const cookie = sources.cookie?.trim().toLowerCase();
  if (isLocale(cookie)) return cookie;
  if (sources.acceptLanguage) return parseAcceptLanguage(sources.acceptLanguage) ?? DEFAULT_LOCALE;
  return DEFAULT_LOCALE;
}

/** Replace `{name}` placeholders with params; unknown placeholders are left as written. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

/** Declare a module's bilingual catalogue and get its translator. */
export function defineMessages<K extends string>(catalogue: Catalogue<K>): Translator<K> {
  const { vi, en } = catalogue;
  return (locale, key, params) => {
    const table: Record<K, string> = locale === 'en' ? en : vi;
    // A key can only be missing when a caller bypasses the types; show it rather than crash.
    return interpolate(Object.hasOwn(table, key) ? table[key] : key, params);
  };
}

/** Bind a translator to one locale, for pages that render in a single language. */
export function bindLocale<K extends string>(translate: Translator<K>, locale: Locale): LocalTranslator<K> {
  return (key, params) => translate(locale, key, params);
}

/** An instant for people, in Vietnam time (dates and times in pages, emails and notices). */
export function formatTime(date: Date | null, locale: Locale): string {
  if (date === null) return '—';
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
}
