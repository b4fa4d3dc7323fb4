// The matching rules as a table: each scenario lists indicators (parsed with parseTarget, as the
// index receives them), then queries (parsed the same way) with the verdict they must get and,
// where it matters, the listing that decides it.
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../targets/index.ts';
import type { TargetType } from '../../targets/index.ts';
import type { Indicator, Verdict } from './index.ts';
import { LookupIndex, verdictOf } from './index.ts';

// [listing as a person writes it, its type, verdict]
type Listing = readonly [string, TargetType, Verdict];
// [query as typed, explicit type or undefined (detect), expected verdict, normal form of the deciding listing]
type Row = readonly [string, TargetType | undefined, Verdict | null, string?];
type Scenario = { listings: readonly Listing[]; raw?: readonly Omit<Indicator, 'id' | 'categories'>[]; rows: readonly Row[] };

const SCENARIOS: Record<string, Scenario> = {
  wildcards: {
    listings: [
      ['*.wild.vn', 'domain', 'dangerous'],
      ['exact.vn', 'domain', 'suspicious'],
      ['wild2.com', 'domain', 'trusted'],
      ['*.sub.wild2.com', 'domain', 'dangerous'],
      ['*.shop.com.vn', 'domain', 'dangerous'],
      ['safe.shop.com.vn', 'domain', 'trusted'],
      ['*.a.b.multi.org', 'domain', 'suspicious'],
    ],
    // Listings of a bare public suffix cannot be written through parseTarget; an import that
    // bypassed it must still never cover the sites under the suffix.
    raw: [
      { type: 'domain', value: '*.com.vn', verdict: 'dangerous' },
      { type: 'domain', value: '*.gov.vn', verdict: 'dangerous' },
      { type: 'domain', value: 'com.vn', verdict: 'suspicious' },
    ],
    rows: [
      ['wild.vn', undefined, 'dangerous', '*.wild.vn'], // `*.` covers its apex
      ['www.wild.vn', undefined, 'dangerous', '*.wild.vn'],
      ['a.b.wild.vn', undefined, 'dangerous', '*.wild.vn'],
      ['WWW.Wild.VN.', undefined, 'dangerous', '*.wild.vn'],
      ['*.wild.vn', 'domain', 'dangerous', '*.wild.vn'],
      ['*.x.wild.vn', 'domain', 'dangerous', '*.wild.vn'],
      ['notwild.vn', undefined, null], // a suffix of characters, not of labels
      ['wild.vn.evil.com', undefined, null],
      ['exact.vn', undefined, 'suspicious', 'exact.vn'],
      ['www.exact.vn', undefined, null], // an exact listing does not cover subdomains
      ['*.exact.vn', 'domain', null], // a wildcard query is not covered by an exact listing
      ['wild2.com', undefined, 'trusted', 'wild2.com'],
      ['sub.wild2.com', undefined, 'dangerous', '*.sub.wild2.com'],
      ['x.sub.wild2.com', undefined, 'dangerous', '*.sub.wild2.com'],
      ['other.wild2.com', undefined, null],
      ['shop.com.vn', undefined, 'dangerous', '*.shop.com.vn'],
      ['safe.shop.com.vn', undefined, 'trusted', 'safe.shop.com.vn'],
      ['x.safe.shop.com.vn', undefined, 'dangerous', '*.shop.com.vn'],
      ['a.b.multi.org', undefined, 'suspicious', '*.a.b.multi.org'],
      ['b.multi.org', undefined, null], // above the listed wildcard
      ['multi.org', undefined, null],
      ['http://x.a.b.multi.org/path', 'url', 'suspicious', '*.a.b.multi.org'],
      ['other.com.vn', undefined, null], // `*.com.vn` never matches: not above the registrable domain
      ['a.other.com.vn', undefined, null],
      ['http://other.com.vn/', 'url', null],
      ['bo.gov.vn', undefined, null],
      ['http://com.vn/x', 'url', 'suspicious', 'com.vn'], // a host without a registrable domain: exact still works
      ['user@mail.wild.vn', 'email', null], // an email is an exact value, not a host
    ],
  },

  'URL paths': {
    listings: [
      ['http://phish.vn/login', 'url', 'dangerous'],
      ['http://kit.vn/a/b/', 'url', 'suspicious'],
      ['http://kit.vn/a/b/c/d/', 'url', 'dangerous'],
      ['http://q.vn/search?q=scam', 'url', 'dangerous'],
      ['http://q.vn/search', 'url', 'suspicious'],
      ['http://q.vn/p?', 'url', 'dangerous'],
      ['http://d.e.f.deep.vn/', 'url', 'dangerous'],
      ['http://c.d.e.f.deep.vn/x', 'url', 'suspicious'],
      ['http://enc.vn/đăng-nhập', 'url', 'dangerous'],
      ['http://203.0.113.5/admin', 'url', 'dangerous'],
      ['http://port.vn:8080/x', 'url', 'dangerous'],
      ['http://com.vn/promo/', 'url', 'dangerous'],
      ['http://portal.corp/login', 'url', 'dangerous'],
    ],
    rows: [
      ['http://phish.vn/login', undefined, 'dangerous'],
      ['https://phish.vn/login', undefined, 'dangerous'], // the scheme is not part of the expression
      ['http://phish.vn/login?x=1', undefined, 'dangerous'],
      ['http://phish.vn/login#top', undefined, 'dangerous'],
      ['http://phish.vn/a/../login', undefined, 'dangerous'],
      ['http://phish.vn/./login', undefined, 'dangerous'],
      ['http://phish.vn/%6Cogin', undefined, 'dangerous'],
      ['http://PHISH.vn:80/login', undefined, 'dangerous'],
      ['http://phish.vn:8080/login', undefined, 'dangerous'], // expressions carry no port
      ['http://www.phish.vn/login', undefined, 'dangerous'], // a parent host's expression
      ['http://phish.vn/login/', undefined, null], // a trailing slash is another path
      ['http://phish.vn/Login', undefined, null], // paths are case-sensitive
      ['http://phish.vn/login/x', undefined, null], // `/login` is not a directory
      ['http://phish.vn/', undefined, null],
      ['phish.vn', 'domain', null], // a URL listing does not cover the whole domain
      ['http://kit.vn/a/b/', undefined, 'suspicious', 'http://kit.vn/a/b/'],
      ['http://kit.vn/a/b/c', undefined, 'suspicious', 'http://kit.vn/a/b/'],
      ['http://kit.vn/a//b/c', undefined, 'suspicious', 'http://kit.vn/a/b/'],
      ['http://kit.vn/a/b/?q=1', undefined, 'suspicious', 'http://kit.vn/a/b/'],
      ['http://kit.vn/a/b/c/d/', undefined, 'dangerous', 'http://kit.vn/a/b/c/d/'],
      ['http://kit.vn/a/b/c/d/e', undefined, 'suspicious', 'http://kit.vn/a/b/'], // only three directory prefixes are looked up
      ['http://kit.vn/a/b', undefined, null],
      ['http://kit.vn/a/', undefined, null],
      ['http://q.vn/search?q=scam', undefined, 'dangerous'],
      ['http://q.vn/search?q=other', undefined, 'suspicious'],
      ['http://q.vn/search?Q=SCAM', undefined, 'suspicious'], // queries are case-sensitive
      ['http://q.vn/search', undefined, 'suspicious'],
      ['http://q.vn/p?', 'url', 'dangerous'],
      ['http://q.vn/p', undefined, null],
      ['http://a.b.c.d.e.f.deep.vn/y', 'url', 'dangerous', 'http://d.e.f.deep.vn/'], // a 5-label parent
      ['http://x.c.d.e.f.deep.vn/x', 'url', 'dangerous', 'http://d.e.f.deep.vn/'], // a 6-label parent is not looked up
      ['http://c.d.e.f.deep.vn/x', 'url', 'suspicious', 'http://c.d.e.f.deep.vn/x'],
      ['http://enc.vn/%C4%91%C4%83ng-nh%E1%BA%ADp', undefined, 'dangerous'],
      ['http://enc.vn/đăng-nhập', undefined, 'dangerous'],
      ['http://enc.vn/dang-nhap', undefined, null],
      ['http://203.0.113.5/admin', undefined, 'dangerous'],
      ['http://3405803781/admin', undefined, 'dangerous'], // the same address written as one number
      ['http://203.0.113.5/admin/x', undefined, null],
      ['http://203.0.113.6/admin', undefined, null],
      ['http://port.vn/x', undefined, 'dangerous'], // a listing's port is not part of its expression either
      ['http://shop.com.vn/promo/x', undefined, null], // a listing on a public suffix covers no site under it
      ['http://com.vn/promo/x', 'url', 'dangerous'],
      ['http://a.portal.corp/login', 'url', 'dangerous'], // no registrable domain: parent hosts as Safe Browsing does
    ],
  },

  IDN: {
    listings: [
      ['tên-miền.vn', 'domain', 'dangerous'],
      ['xn--bcher-kva.de', 'domain', 'suspicious'],
      ['http://bücher.de/shop/', 'url', 'dangerous'],
      ['vietcombank.com.vn', 'domain', 'trusted'],
      ['vietcombаnk.com.vn', 'domain', 'dangerous'], // Cyrillic а
      ['*.пример.рф', 'domain', 'dangerous'],
    ],
    rows: [
      ['tên-miền.vn', undefined, 'dangerous'],
      ['xn--tn-min-iva0322d.vn', undefined, 'dangerous'],
      ['TÊN-MIỀN.VN', undefined, 'dangerous'],
      ['http://tên-miền.vn/x', undefined, 'dangerous'],
      ['http://www.xn--tn-min-iva0322d.vn/', undefined, null],
      ['ten-mien.vn', undefined, null], // without the accents it is another name
      ['bücher.de', undefined, 'suspicious'],
      ['http://bücher.de/shop/item', undefined, 'dangerous', 'http://xn--bcher-kva.de/shop/'],
      ['http://xn--bcher-kva.de/shop/', undefined, 'dangerous'],
      ['http://bücher.de/other', undefined, 'suspicious', 'xn--bcher-kva.de'],
      ['vietcombank.com.vn', undefined, 'trusted'],
      ['vietcombаnk.com.vn', undefined, 'dangerous', 'xn--vietcombnk-6qi.com.vn'],
      ['http://vietcombаnk.com.vn/login', undefined, 'dangerous', 'xn--vietcombnk-6qi.com.vn'],
      ['vietcοmbank.com.vn', undefined, null], // Greek ο: a look-alike never inherits the trust of the real name
      ['www.vietcombank.com.vn', undefined, null],
      ['a.пример.рф', undefined, 'dangerous'],
      ['пример.рф', undefined, 'dangerous'],
      ['xn--e1afmkfd.xn--p1ai', undefined, 'dangerous'],
    ],
  },

  CIDR: {
    listings: [
      ['10.0.0.0/8', 'ip', 'suspicious'],
      ['10.1.0.0/16', 'ip', 'dangerous'],
      ['10.1.2.0/24', 'ip', 'trusted'],
      ['10.1.2.3', 'ip', 'dangerous'],
      ['2001:db8::/32', 'ip', 'suspicious'],
      ['2001:db8:1::/48', 'ip', 'dangerous'],
      ['2001:db8:1:2::/64', 'ip', 'trusted'],
      ['2001:db8:1:2::5', 'ip', 'dangerous'],
    ],
    rows: [
      ['10.9.9.9', undefined, 'suspicious', '10.0.0.0/8'],
      ['10.1.9.9', undefined, 'dangerous', '10.1.0.0/16'],
      ['10.1.2.9', undefined, 'trusted', '10.1.2.0/24'],
      ['10.1.2.3', undefined, 'dangerous', '10.1.2.3'],
      ['10.1.2.3/32', undefined, 'dangerous', '10.1.2.3'],
      ['10.1.2.0/25', undefined, 'trusted', '10.1.2.0/24'], // a range inside a listed range
      ['10.1.0.0/15', 'ip', 'suspicious', '10.0.0.0/8'], // wider than the /16: only the /8 covers it
      ['10.0.0.0/7', undefined, null],
      ['11.0.0.1', undefined, null],
      ['::ffff:10.1.2.3', undefined, 'dangerous', '10.1.2.3'], // IPv4-mapped IPv6 is its IPv4 address
      ['http://[::ffff:10.1.9.9]/', 'url', 'dangerous', '10.1.0.0/16'],
      ['http://10.1.2.3/x', undefined, 'dangerous', '10.1.2.3'],
      ['http://0x0a.1.2.9/', undefined, 'trusted', '10.1.2.0/24'],
      ['2001:db8:ffff::1', undefined, 'suspicious', '2001:db8::/32'],
      ['2001:db8:1:ffff::1', undefined, 'dangerous', '2001:db8:1::/48'],
      ['2001:db8:1:2::9', undefined, 'trusted', '2001:db8:1:2::/64'],
      ['2001:db8:1:2::5', undefined, 'dangerous', '2001:db8:1:2::5'],
      ['2001:DB8:1:2:0:0:0:5', undefined, 'dangerous', '2001:db8:1:2::5'],
      ['2001:db8:1:2::5/128', undefined, 'dangerous', '2001:db8:1:2::5'],
      ['2001:db8:1:2::/64', undefined, 'trusted', '2001:db8:1:2::/64'],
      ['2001:db9::1', undefined, null],
      ['http://[2001:db8:1::1]/', undefined, 'dangerous', '2001:db8:1::/48'],
    ],
  },

  'CIDR /0': {
    listings: [
      ['0.0.0.0/0', 'ip', 'suspicious'],
      ['::/0', 'ip', 'suspicious'],
      ['1.2.3.0/24', 'ip', 'dangerous'],
    ],
    rows: [
      ['8.8.8.8', undefined, 'suspicious', '0.0.0.0/0'],
      ['1.2.3.4', undefined, 'dangerous', '1.2.3.0/24'],
      ['0.0.0.0/0', 'ip', 'suspicious', '0.0.0.0/0'],
      ['2606:4700::1', undefined, 'suspicious', '::/0'],
      ['http://8.8.4.4/', undefined, 'suspicious', '0.0.0.0/0'],
      ['example.com', undefined, null], // ranges cover addresses, never names
    ],
  },

  'exact types': {
    listings: [
      ['0912 345 678', 'phone', 'dangerous'],
      ['VCB 0123456789', 'bank_account', 'dangerous'],
      ['https://www.facebook.com/Nguyen.Van.A', 'social_account', 'dangerous'],
      ['https://www.facebook.com/profile.php?id=100012345678', 'social_account', 'suspicious'],
      ['tiktok:@Scam.Er', 'social_account', 'dangerous'],
      ['Bad@Example.COM', 'email', 'dangerous'],
      ['d41d8cd98f00b204e9800998ecf8427e', 'file_hash', 'dangerous'],
    ],
    rows: [
      ['0912345678', undefined, 'dangerous', '+84912345678'],
      ['+84 912 345 678', undefined, 'dangerous'],
      ['84912345678', undefined, 'dangerous'],
      ['(+84) 912-345-678', undefined, 'dangerous'],
      ['0084 912 345 678', undefined, 'dangerous'],
      ['tel:+84912345678', undefined, 'dangerous'],
      ['0912.345.678', undefined, 'dangerous'],
      ['0912 345 679', undefined, null],
      ['0912345678', 'text', null], // the same digits as text are another value
      ['https://zalo.me/0912345678', undefined, null], // a Zalo account is not the phone number
      ['Vietcombank 0123456789', undefined, 'dangerous', 'VCB:0123456789'],
      ['970436 0123456789', undefined, 'dangerous'],
      ['VCB: 0123-456-789', undefined, 'dangerous'],
      ['Số tài khoản 0123456789 Ngân hàng Ngoại thương', undefined, 'dangerous'],
      ['TCB 0123456789', undefined, null], // the same number at another bank
      ['stk 0123456789', undefined, null], // an account whose bank is unknown is another value
      ['facebook.com/nguyen.van.a/', undefined, 'dangerous', 'facebook:nguyen.van.a'],
      ['https://m.facebook.com/Nguyen.Van.A', undefined, 'dangerous'],
      ['fb:Nguyen.Van.A', 'social_account', 'dangerous'],
      ['https://www.facebook.com/nguyen.van.a/posts/pfbid0abc', undefined, 'dangerous'],
      ['https://www.facebook.com/profile.php?id=100012345678&ref=x', undefined, 'suspicious', 'facebook:100012345678'],
      ['facebook:100012345678', undefined, 'suspicious'],
      ['https://www.facebook.com/nguyen.van.b', undefined, null],
      ['https://www.tiktok.com/@scam.er/video/7234567890123456789', undefined, 'dangerous', 'tiktok:scam.er'],
      ['bad@example.com', undefined, 'dangerous', 'bad@example.com'],
      ['mailto:BAD@example.com', undefined, 'dangerous'],
      ['bad@example.com.', 'email', 'dangerous'],
      ['bad+x@example.com', undefined, null],
      ['example.com', 'domain', null], // an email listing does not cover its domain
      ['D41D8CD98F00B204E9800998ECF8427E', undefined, 'dangerous'],
      ['md5:d41d8cd98f00b204e9800998ecf8427e', undefined, 'dangerous'],
    ],
  },

  precedence: {
    listings: [
      ['bank.vn', 'domain', 'trusted'],
      ['http://bank.vn/phish/', 'url', 'dangerous'],
      ['*.example.com', 'domain', 'dangerous'],
      ['login.example.com', 'domain', 'trusted'],
      ['*.apex.vn', 'domain', 'dangerous'],
      ['apex.vn', 'domain', 'trusted'],
      ['evil.vn', 'domain', 'dangerous'],
      ['http://evil.vn/safe', 'url', 'trusted'],
      ['http://parent.net/', 'url', 'dangerous'],
      ['www.parent.net', 'domain', 'trusted'],
      ['http://198.51.100.7/login', 'url', 'suspicious'],
      ['198.51.100.0/24', 'ip', 'dangerous'],
      ['*.tie.vn', 'domain', 'trusted'],
      ['*.tie.vn', 'domain', 'dangerous'],
      ['+84987654321', 'phone', 'trusted'],
      ['+84987654321', 'phone', 'suspicious'],
    ],
    rows: [
      ['http://bank.vn/phish/login', undefined, 'dangerous', 'http://bank.vn/phish/'], // a path beats its domain
      ['http://www.bank.vn/phish/x', 'url', 'dangerous', 'http://bank.vn/phish/'],
      ['http://bank.vn/home', undefined, 'trusted', 'bank.vn'],
      ['bank.vn', undefined, 'trusted'],
      ['login.example.com', undefined, 'trusted', 'login.example.com'], // an exact host beats a wildcard above it
      ['http://login.example.com/x', undefined, 'trusted'],
      ['other.example.com', undefined, 'dangerous', '*.example.com'],
      ['a.login.example.com', undefined, 'dangerous', '*.example.com'],
      ['apex.vn', undefined, 'trusted', 'apex.vn'], // an exact apex beats its own wildcard
      ['www.apex.vn', undefined, 'dangerous', '*.apex.vn'],
      ['http://evil.vn/safe', undefined, 'trusted', 'http://evil.vn/safe'], // a URL listing beats the domain listing of its host
      ['http://evil.vn/safe/x', undefined, 'dangerous', 'evil.vn'],
      ['http://evil.vn/', undefined, 'dangerous', 'evil.vn'],
      ['http://www.parent.net/', undefined, 'trusted', 'www.parent.net'], // an exact host beats a URL on its parent
      ['http://parent.net/', undefined, 'dangerous', 'http://parent.net/'],
      ['http://198.51.100.7/login', undefined, 'suspicious', 'http://198.51.100.7/login'], // a URL on an IP beats a range
      ['http://198.51.100.7/', undefined, 'dangerous', '198.51.100.0/24'],
      ['198.51.100.7', undefined, 'dangerous'],
      ['x.tie.vn', undefined, 'dangerous'], // equal specificity: the more severe verdict
      ['+84987654321', undefined, 'suspicious'],
    ],
  },
};

function indexOf(scenario: Scenario): LookupIndex {
  const index = new LookupIndex();
  scenario.listings.forEach(([input, type, verdict], n) => {
    index.upsert({ id: `l${n}`, type, value: parseTarget(input, type).value, verdict, categories: ['scam'] });
  });
  scenario.raw?.forEach((item, n) => index.upsert({ ...item, id: `r${n}`, categories: ['scam'] }));
  return index;
}

describe('matching table', () => {
  const count = Object.values(SCENARIOS).reduce((sum, scenario) => sum + scenario.rows.length, 0);
  it('has at least 100 rows', () => {
    expect(count).toBeGreaterThanOrEqual(100);
  });

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    describe(name, () => {
      const index = indexOf(scenario);
      it.each(scenario.rows.map((row) => [row[0], row[1] ?? 'detect', row[2], row[3] ?? '', row] as const))('%s (%s) → %s %s', (_input, _type, _verdict, _by, [input, type, expected, decidedBy]) => {
        const target = parseTarget(input, type);
        const best = index.best(target);
        expect(verdictOf(index.lookup(target))).toBe(expected);
        expect(best?.verdict ?? null).toBe(expected);
        if (decidedBy !== undefined) expect(best?.value).toBe(decidedBy);
      });
    });
  }

  it('refuses a public suffix as a domain listing at the parser', () => {
    expect(() => parseTarget('*.com.vn', 'domain')).toThrow(/not a valid domain/);
  });
});
