import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../targets/index.ts';
import type { Indicator, Verdict } from './index.ts';
import { LookupIndex, verdictOf } from './index.ts';

let next = 0;
function indicator(input: string, verdict: Verdict, type?: string, id = `i${next++}`): Indicator {
  const target = parseTarget(input, type);
  return { id, type: target.type, value: target.value, verdict, categories: ['phishing'] };
}

function indexOf(...indicators: Indicator[]): LookupIndex {
  const index = new LookupIndex();
  for (const item of indicators) index.upsert(item);
  return index;
}

const verdict = (index: LookupIndex, input: string, type?: string): Verdict | null =>
  verdictOf(index.lookup(parseTarget(input, type)));

describe('LookupIndex matching', () => {
  const index = indexOf(
    indicator('evil.com', 'dangerous', 'domain'),
    indicator('*.scam.vn', 'dangerous', 'domain'),
    indicator('http://phish.net/login', 'dangerous', 'url'),
    indicator('http://kit.org/a/', 'suspicious', 'url'),
    indicator('0912 345 678', 'dangerous', 'phone'),
    indicator('Bad@Example.COM', 'dangerous', 'email'),
    indicator('d41d8cd98f00b204e9800998ecf8427e', 'dangerous', 'file_hash'),
    indicator('10.0.0.0/8', 'suspicious', 'ip'),
    indicator('10.1.0.0/16', 'dangerous', 'ip'),
    indicator('10.1.2.3', 'trusted', 'ip'),
    indicator('2001:db8::/32', 'suspicious', 'ip'),
    indicator('2001:db8:1::/48', 'dangerous', 'ip'),
  );
  it.each([
    ['evil.com', 'domain', 'dangerous'],
    ['EVIL.com.', 'domain', 'dangerous'],
    ['www.evil.com', 'domain', null], // exact listings do not cover subdomains
    ['scam.vn', 'domain', 'dangerous'], // `*.` covers its apex
    ['a.b.scam.vn', 'domain', 'dangerous'],
    ['notscam.vn', 'domain', null],
    ['http://phish.net/login', 'url', 'dangerous'],
    ['http://phish.net/login?x=1', 'url', 'dangerous'],
    ['https://www.phish.net/login', 'url', 'dangerous'],
    ['http://phish.net/other', 'url', null],
    ['http://kit.org/a/b/c', 'url', 'suspicious'],
    ['http://kit.org/b/', 'url', null],
    ['http://evil.com/anything', 'url', 'dangerous'],
    ['http://x.scam.vn/', 'url', 'dangerous'],
    ['http://10.1.9.9/x', 'url', 'dangerous'],
    ['+84912345678', 'phone', 'dangerous'],
    ['bad@example.com', 'email', 'dangerous'],
    ['D41D8CD98F00B204E9800998ECF8427E', 'file_hash', 'dangerous'],
    ['10.200.0.1', 'ip', 'suspicious'],
    ['10.1.200.1', 'ip', 'dangerous'],
    ['10.1.2.3', 'ip', 'trusted'],
    ['11.0.0.1', 'ip', null],
    ['10.1.0.0/24', 'ip', 'dangerous'],
    ['2001:db8:2::1', 'ip', 'suspicious'],
    ['2001:db8:1::5', 'ip', 'dangerous'],
    ['2001:db9::1', 'ip', null],
  ])('%s (%s) → %s', (input, type, expected) => {
    expect(verdict(index, input, type)).toBe(expected);
  });
  it('orders matches longest prefix first', () => {
    const lengths = index.lookup(parseTarget('10.1.2.3', 'ip')).map((m) => m.indicator.value);
    expect(lengths).toEqual(['10.1.2.3', '10.1.0.0/16', '10.0.0.0/8']);
  });
});

describe('precedence', () => {
  it('a dangerous path under a trusted registrable domain is dangerous for that path only', () => {
    const index = indexOf(indicator('bank.vn', 'trusted', 'domain'), indicator('http://bank.vn/phish/', 'dangerous', 'url'));
    expect(verdict(index, 'http://bank.vn/phish/login', 'url')).toBe('dangerous');
    expect(verdict(index, 'http://bank.vn/home', 'url')).toBe('trusted');
    expect(verdict(index, 'bank.vn', 'domain')).toBe('trusted');
  });
  it('a trusted exact host beats a dangerous wildcard above it', () => {
    const index = indexOf(indicator('*.example.com', 'dangerous', 'domain'), indicator('login.example.com', 'trusted', 'domain'));
    expect(verdict(index, 'login.example.com', 'domain')).toBe('trusted');
    expect(verdict(index, 'http://login.example.com/x', 'url')).toBe('trusted');
    expect(verdict(index, 'other.example.com', 'domain')).toBe('dangerous');
    expect(verdict(index, 'a.login.example.com', 'domain')).toBe('dangerous');
  });
  it('an exact apex beats its own wildcard', () => {
    const index = indexOf(indicator('*.example.com', 'dangerous', 'domain'), indicator('example.com', 'trusted', 'domain'));
    expect(verdict(index, 'example.com', 'domain')).toBe('trusted');
  });
  it('at equal specificity dangerous > suspicious > trusted', () => {
    const index = indexOf(indicator('+84912345678', 'trusted', 'phone'), indicator('+84912345678', 'suspicious', 'phone'));
    expect(verdict(index, '+84912345678', 'phone')).toBe('suspicious');
    index.upsert(indicator('+84912345678', 'dangerous', 'phone'));
    expect(verdict(index, '+84912345678', 'phone')).toBe('dangerous');
  });
  it('no matches → null', () => {
    expect(verdictOf([])).toBeNull();
  });
});

describe('upsert and remove', () => {
  it('upsert replaces the verdict and value of the same id', () => {
    const index = indexOf(indicator('evil.com', 'dangerous', 'domain', 'x'));
    index.upsert(indicator('evil.com', 'trusted', 'domain', 'x'));
    expect(index.size).toBe(1);
    expect(verdict(index, 'evil.com', 'domain')).toBe('trusted');
    index.upsert(indicator('other.com', 'dangerous', 'domain', 'x'));
    expect(verdict(index, 'evil.com', 'domain')).toBeNull();
    expect(verdict(index, 'other.com', 'domain')).toBe('dangerous');
  });
  it('remove drops only that id', () => {
    const index = indexOf(indicator('10.0.0.0/8', 'dangerous', 'ip', 'a'), indicator('10.0.0.0/8', 'suspicious', 'ip', 'b'));
    index.remove('a');
    expect(verdict(index, '10.2.3.4', 'ip')).toBe('suspicious');
    index.remove('b');
    index.remove('unknown');
    expect(index.size).toBe(0);
    expect(verdict(index, '10.2.3.4', 'ip')).toBeNull();
  });
  it('refuses a value that is not in normal form, changing nothing', () => {
    const index = indexOf(indicator('evil.com', 'dangerous', 'domain', 'x'));
    expect(() => index.upsert({ id: 'x', type: 'ip', value: 'not-an-ip', verdict: 'trusted', categories: [] })).toThrow();
    expect(verdict(index, 'evil.com', 'domain')).toBe('dangerous');
  });
});
