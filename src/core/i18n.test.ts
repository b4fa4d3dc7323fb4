import { describe, it, expect } from 'vitest';
import { bindLocale, defineMessages, interpolate, isLocale, parseAcceptLanguage, resolveLocale } from './i18n.ts';

describe('resolveLocale', () => {
  it('defaults to Vietnamese', () => {
    expect(resolveLocale({})).toBe('vi');
    expect(resolveLocale({ query: '', cookie: '', acceptLanguage: '' })).toBe('vi');
  });

  it('prefers the query parameter, then the cookie, then Accept-Language', () => {
    expect(resolveLocale({ query: 'en', cookie: 'vi', acceptLanguage: 'vi' })).toBe('en');
    expect(resolveLocale({ cookie: 'en', acceptLanguage: 'vi' })).toBe('en');
    expect(resolveLocale({ acceptLanguage: 'en-GB,en;q=0.9' })).toBe('en');
  });

  it('ignores unsupported or hostile values and falls through', () => {
    expect(resolveLocale({ query: 'fr', cookie: 'en' })).toBe('en');
    expect(resolveLocale({ query: '<script>', cookie: '../../etc', acceptLanguage: 'de' })).toBe('vi');
    expect(resolveLocale({ query: ' EN ' })).toBe('en');
  });
});

describe('parseAcceptLanguage', () => {
  it('honours q-values over order', () => {
    expect(parseAcceptLanguage('vi;q=0.5, en;q=0.8')).toBe('en');
    expect(parseAcceptLanguage('en;q=0.5, vi-VN')).toBe('vi');
  });

  it('keeps header order when q-values tie', () => {
    expect(parseAcceptLanguage('en-US, vi')).toBe('en');
    expect(parseAcceptLanguage('vi, en')).toBe('vi');
  });

  it('skips q=0, wildcards and unsupported languages', () => {
    expect(parseAcceptLanguage('en;q=0, vi;q=0.1')).toBe('vi');
    expect(parseAcceptLanguage('fr-FR, *;q=0.5, en;q=0.2')).toBe('en');
    expect(parseAcceptLanguage('fr, de, *')).toBeNull();
    expect(parseAcceptLanguage(';;,,q=')).toBeNull();
  });

  it('treats a malformed q-value as the default weight', () => {
    expect(parseAcceptLanguage('en;q=abc, vi;q=0.9')).toBe('en');
  });
});

describe('isLocale', () => {
  it('accepts only supported locales', () => {
    expect(isLocale('vi')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    expect(interpolate('Xin chào {name}, bạn có {count} thông báo', { name: 'Lan', count: 3 })).toBe('Xin chào Lan, bạn có 3 thông báo');
    expect(interpolate('{missing} {name}', { name: 'A' })).toBe('{missing} A');
    expect(interpolate('{toString}', {})).toBe('{toString}');
    expect(interpolate('no params {x}')).toBe('no params {x}');
  });
});

describe('defineMessages', () => {
  const t = defineMessages({
    vi: { greeting: 'Xin chào {name}', check: 'Kiểm tra' },
    en: { greeting: 'Hello {name}', check: 'Check' },
  });

  it('translates by locale with interpolation', () => {
    expect(t('vi', 'greeting', { name: 'Minh' })).toBe('Xin chào Minh');
    expect(t('en', 'greeting', { name: 'Minh' })).toBe('Hello Minh');
    expect(t('en', 'check')).toBe('Check');
  });

  it('binds to a locale', () => {
    const vi = bindLocale(t, 'vi');
    expect(vi('check')).toBe('Kiểm tra');
  });

  it('makes the compiler enforce identical keys in both languages', () => {
    // These lines are checked by `tsc --noEmit`; at runtime they merely build translators.
    // @ts-expect-error — `b` missing from en
    defineMessages({ vi: { a: 'x', b: 'y' }, en: { a: 'x' } });
    // @ts-expect-error — `b` missing from vi
    defineMessages({ vi: { a: 'x' }, en: { a: 'x', b: 'y' } });
    const vi = { a: 'x' };
    const en = { a: 'x', extra: 'y' };
    // @ts-expect-error — extra key in en, even from separate constants
    defineMessages({ vi, en });
    // @ts-expect-error — unknown key (at runtime the key itself comes back)
    expect(t('vi', 'nope')).toBe('nope');
  });
});
