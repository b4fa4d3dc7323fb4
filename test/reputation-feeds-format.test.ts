// The feed formats' small rules, without a server: CSV quoting, RPZ IP names and SOA serials,
// whole-site URLs, Accept-Encoding and If-None-Match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholeSiteHost } from '../src/modules/reputation/feeds/blocking.ts';
import { csvField } from '../src/core/csv.ts';
import { blockableRange, NON_PUBLIC_BLOCKS, WIDEST_BLOCKED_PREFIX } from '../src/modules/reputation/feeds/public-ranges.ts';
import { rpzIpName, rpzRecords, soaSerial } from '../src/modules/reputation/feeds/rpz.ts';
import { acceptsGzip, etagMatches } from '../src/modules/reputation/feeds/stream.ts';
import { LiveIndex } from '../src/modules/reputation/live-index.ts';
import { verdictOf } from '../src/modules/reputation/lookup/index.ts';
import { parseTarget } from '../src/modules/targets/index.ts';

const ip = (value: string) => {
  const target = parseTarget(value, 'ip');
  return rpzIpName(target.value, target.details.ipVersion ?? 4, target.details.prefixLength ?? 0);
};

// Read an rpz-ip owner name back the way the RPZ specification (and BIND) does: prefix length,
// then IPv4 octets or IPv6 words reversed, `zz` filling in the zero words.
function readRpzIp(name: string): { words: number[]; prefix: number } {
  const labels = name.replace(/\.rpz-ip$/, '').split('.');
  const prefix = Number(labels.shift());
  const reversed = labels.reverse();
  if (reversed.length === 4 && !reversed.includes('zz')) return { words: reversed.map(Number), prefix };
  const gap = reversed.indexOf('zz');
  const parts = gap < 0 ? reversed : [...reversed.slice(0, gap), ...Array<string>(8 - reversed.length + 1).fill('0'), ...reversed.slice(gap + 1)];
  return { words: parts.map((word) => parseInt(word, 16)), prefix };
}

describe('CSV fields', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('lua-dao.example.com')).toBe('lua-dao.example.com');
    expect(csvField('+84912345678')).toBe('+84912345678');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
  });
});

describe('RPZ IP names', () => {
  it('writes IPv4 as prefix length then reversed octets', () => {
    expect(ip('1.2.3.4')).toBe('32.4.3.2.1.rpz-ip');
    expect(ip('45.33.32.0/24')).toBe('24.0.32.33.45.rpz-ip');
    expect(ip('100.0.0.0/8')).toBe('8.0.0.0.100.rpz-ip');
  });

  it('writes IPv6 words reversed, zz for the :: of the RFC 5952 text', () => {
    expect(ip('2a01:4f8::1')).toBe('128.1.zz.4f8.2a01.rpz-ip');
    expect(ip('2a01:4f8:c0c::/48')).toBe('48.zz.c0c.4f8.2a01.rpz-ip');
    expect(ip('2001:2::/48')).toBe('48.zz.2.2001.rpz-ip');
    // Two equal runs of zeros: the first is `::` (RFC 5952), so the last in reversed order.
    expect(ip('2a00:db8:0:0:1:0:0:1')).toBe('128.1.0.0.1.zz.db8.2a00.rpz-ip');
    // A single zero word is never `::`.
    expect(ip('2a00:1:2:3:4:5:0:7')).toBe('128.7.0.5.4.3.2.1.2a00.rpz-ip');
    expect(ip('2a00:1:2:3:4:5:6:7')).toBe('128.7.6.5.4.3.2.1.2a00.rpz-ip');
  });

  it('reads back as the same range, for any IPv6 range', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 128 }), (words, prefix) => {
        const text = words.map((w) => w.toString(16)).join(':');
        const target = parseTarget(`${text}/${prefix}`, 'ip');
        fc.pre(target.details.ipVersion === 6);
        const name = rpzIpName(target.value, 6, target.details.prefixLength ?? 0);
        const network = (target.value.includes('/') ? target.value.slice(0, target.value.indexOf('/')) : target.value);
        const expected = parseTarget(network, 'ip');
        const read = readRpzIp(name);
        expect(read.prefix).toBe(target.details.prefixLength);
        expect(read.words.map((w) => w.toString(16)).join(':')).toBe(expandedWords(expected.value));
      }),
      { numRuns: 500 },
    );
  });
});

function expandedWords(address: string): string {
  const gap = address.indexOf('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const words = gap < 0 ? split(address) : [...split(address.slice(0, gap)), ...Array<string>(8 - split(address.slice(0, gap)).length - split(address.slice(gap + 2)).length).fill('0'), ...split(address.slice(gap + 2))];
  return words.map((w) => parseInt(w, 16).toString(16)).join(':');
}

describe('IP ranges the blocking list may carry', () => {
  const flaggedPrivate = (value: string) => parseTarget(value, 'ip').flags.includes('private_ip');

  it('knows the same non-public blocks as the targets library', () => {
    for (const block of NON_PUBLIC_BLOCKS) {
      expect(flaggedPrivate(block)).toBe(true);
      expect(blockableRange(parseTarget(block, 'ip').value)).toBeNull();
    }
    expect(blockableRange('1.2.3.4')).toMatchObject({ version: 4, length: 32 });
    expect(blockableRange('45.33.0.0/16')).toMatchObject({ version: 4, length: 16 });
    expect(blockableRange('45.32.0.0/15')).toBeNull();
    expect(blockableRange('2a01:4f8::/32')).toMatchObject({ version: 6, length: 32 });
    expect(blockableRange('2a00::/31')).toBeNull();
  });

  it('refuses exactly the ranges the targets library calls private, and the too wide', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }));
    fc.assert(
      fc.property(v4, ([a, b, c, d, prefix]) => {
        const value = parseTarget(`${a}.${b}.${c}.${d}/${prefix}`, 'ip').value;
        const refused = flaggedPrivate(value) || prefix < WIDEST_BLOCKED_PREFIX[4];
        expect(blockableRange(value) === null).toBe(refused);
      }),
      { numRuns: 2000 },
    );
    const v6 = fc.tuple(fc.constantFrom('fe80', 'fc00', 'fd12', 'ff02', '2001', '2a01', '0', '64'), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 128 }));
    fc.assert(
      fc.property(v6, ([head, word, prefix]) => {
        const target = parseTarget(`${head}:${word.toString(16)}::1/${prefix}`, 'ip');
        fc.pre(target.details.ipVersion === 6);
        const refused = flaggedPrivate(target.value) || prefix < WIDEST_BLOCKED_PREFIX[6];
        expect(blockableRange(target.value) === null).toBe(refused);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SOA serials', () => {
  it('is the change serial while it fits in 32 bits, never 0', () => {
    expect(soaSerial(1)).toBe(1);
    expect(soaSerial(123_456)).toBe(123_456);
    expect(soaSerial(2 ** 32 - 1)).toBe(2 ** 32 - 1);
    expect(soaSerial(2 ** 32)).toBe(1);
    expect(soaSerial(2 ** 32 + 5)).toBe(6);
    expect(soaSerial(0)).toBe(2 ** 32 - 1);
  });

  it('always grows by RFC 1982 arithmetic from one change to the next', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (serial) => {
        const a = soaSerial(serial);
        const b = soaSerial(serial + 1);
        expect(a).toBeGreaterThan(0);
        expect(b).toBeGreaterThan(0);
        // RFC 1982: b is newer than a when (b - a) mod 2^32 is in (0, 2^31).
        const step = (b - a + 2 ** 32) % 2 ** 32;
        expect(step > 0 && step < 2 ** 31).toBe(true);
      }),
    );
  });
});

describe('whole-site URLs', () => {
  it('are a named host with the path / and nothing else', () => {
    expect(wholeSiteHost('https://trang-lua.example.org/')).toBe('trang-lua.example.org');
    expect(wholeSiteHost('http://xn--bcher-kva.example/')).toBe('xn--bcher-kva.example');
    expect(wholeSiteHost('https://trang-lua.example.org/login')).toBeNull();
    expect(wholeSiteHost('https://trang-lua.example.org/?a=1')).toBeNull();
    expect(wholeSiteHost('https://trang-lua.example.org:8443/')).toBeNull();
    expect(wholeSiteHost('http://1.2.3.4/')).toBeNull();
    expect(wholeSiteHost('http://[2a01:4f8::1]/')).toBeNull();
    expect(wholeSiteHost('http://bad%20host.example/')).toBeNull();
    expect(wholeSiteHost('ftp://files.example.com/')).toBeNull();
  });
});

describe('HTTP negotiation', () => {
  it('reads Accept-Encoding, honouring q=0 and *', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, gzip;q=0.5, deflate')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.000, *')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('br, *')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('x-gzip')).toBe(false);
  });

  it('compares entity tags weakly, in lists and with *', () => {
    expect(etagMatches('"hosts-5"', '"hosts-5"')).toBe(true);
    expect(etagMatches('W/"hosts-5"', '"hosts-5"')).toBe(true);
    expect(etagMatches('"rpz-4", W/"hosts-5"', '"hosts-5"')).toBe(true);
    expect(etagMatches('*', '"hosts-5"')).toBe(true);
    expect(etagMatches('"hosts-4"', '"hosts-5"')).toBe(false);
    expect(etagMatches('"hosts-5-since-1"', '"hosts-5"')).toBe(false);
    expect(etagMatches(undefined, '"hosts-5"')).toBe(false);
  });
});

describe('the RPZ blocks exactly what the check calls dangerous', () => {
  const HOSTS = ['example.com', 'a.example.com', 'b.a.example.com', 'c.example.com', 'shop.vn', 'x.shop.vn', 'y.x.shop.vn', 'bank.com.vn'];
  const VERDICTS = ['dangerous', 'suspicious', 'trusted'] as const;
  const listing = fc.record({ host: fc.constantFrom(...HOSTS), wildcard: fc.boolean(), verdict: fc.constantFrom(...VERDICTS) });
  const range = fc.record({ c: fc.integer({ min: 0, max: 1 }), d: fc.integer({ min: 0, max: 3 }), prefix: fc.constantFrom(16, 24, 32), verdict: fc.constantFrom(...VERDICTS) });

  function indexOf(domains: { host: string; wildcard: boolean; verdict: (typeof VERDICTS)[number] }[], ranges: { c: number; d: number; prefix: number; verdict: (typeof VERDICTS)[number] }[]) {
    const live = new LiveIndex();
    const base = { categories: ['scam'], confidence: 80, source: 'import', sourceRef: null, evidenceUrl: null, reportCount: 0, firstSeen: 0, lastVerified: 0, expiresAt: null, impersonated: null, serial: 1 };
    domains.forEach((d, i) => live.index.upsert({ ...base, id: `d-${String(i).padStart(3, '0')}`, type: 'domain', value: d.wildcard ? `*.${d.host}` : d.host, verdict: d.verdict }));
    ranges.forEach((r, i) => live.index.upsert({ ...base, id: `i-${String(i).padStart(3, '0')}`, type: 'ip', value: parseTarget(`45.33.${r.c}.${r.d}/${r.prefix}`, 'ip').value, verdict: r.verdict }));
    return live;
  }

  // How a resolver applies the zone: the exact owner name, else the longest wildcard above it.
  function rpzAction(records: Map<string, string>, name: string): string | undefined {
    const exact = records.get(name);
    if (exact !== undefined) return exact;
    for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      const action = records.get(`*.${name.slice(dot + 1)}`);
      if (action !== undefined) return action;
    }
    return undefined;
  }

  // rpz-ip: the longest prefix covering the address.
  function rpzIpAction(records: Map<string, string>, c: number, d: number): string | undefined {
    for (const [prefix, owner] of [[32, `32.${d}.${c}.33.45.rpz-ip`], [24, `24.0.${c}.33.45.rpz-ip`], [16, '16.0.0.33.45.rpz-ip']] as const) {
      const action = records.get(owner);
      if (action !== undefined) return `${action}/${prefix}`;
    }
    return undefined;
  }

  it('for every name and address, with exact names, wildcards, ranges and every verdict', () => {
    fc.assert(
      fc.property(fc.array(listing, { maxLength: 14 }), fc.array(range, { maxLength: 8 }), (domains, ranges) => {
        const live = indexOf(domains, ranges);
        const lines = [...rpzRecords(live, 1, null)].filter((line) => !line.startsWith(';'));
        const records = new Map<string, string>();
        for (const line of lines) {
          const [owner = '', , target = ''] = line.trim().split(' ');
          expect(records.has(owner), `${owner} written twice`).toBe(false);
          records.set(owner, target === '.' ? 'block' : 'passthru');
        }
        for (const host of [...HOSTS, 'z.example.com', 'q.b.a.example.com', 'w.y.x.shop.vn', 'm.bank.com.vn']) {
          const dangerous = verdictOf(live.lookup({ type: 'domain', value: host, display: host, flags: [], details: {} }, 1)) === 'dangerous';
          expect(rpzAction(records, host) === 'block', host).toBe(dangerous);
        }
        for (let c = 0; c <= 1; c++) {
          for (let d = 0; d <= 3; d++) {
            const address = `45.33.${c}.${d}`;
            const dangerous = verdictOf(live.lookup({ type: 'ip', value: address, display: address, flags: [], details: {} }, 1)) === 'dangerous';
            expect(rpzIpAction(records, c, d)?.startsWith('block') ?? false, address).toBe(dangerous);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
