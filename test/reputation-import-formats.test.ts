// The parsers of indicator files (pure, no database): every format on realistic samples, the
// wildcard shapes of community lists, IDN, bad lines with their line numbers, streaming in
// chunks cut anywhere, and properties — random input never throws, every listing is in normal form.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deltaCsv, deltaJson, fullCsv, fullJson } from '../src/modules/reputation/feeds/indicator-lists.ts';
import { IMPORT_FORMATS, parseImport, parseImportText, type ImportFormat, type ParsedBatch } from '../src/modules/reputation/imports/formats.ts';
import { JsonArrayReader } from '../src/modules/reputation/imports/json-array.ts';
import { KeySet } from '../src/modules/reputation/imports/key-set.ts';
import { MAX_ENTRY_CHARS } from '../src/modules/reputation/imports/text.ts';
import { parseTarget } from '../src/modules/targets/index.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/imports/${name}`, import.meta.url), 'utf8');

/** [line, type, value] of each entry. */
const values = (batch: ParsedBatch) => batch.entries.map((e) => [e.line, e.listing.type, e.listing.value]);
const problemLines = (batch: ParsedBatch) => batch.problems.map((p) => p.line);

async function streamed(format: ImportFormat, chunks: Iterable<string> | AsyncIterable<string>, batchSize?: number): Promise<ParsedBatch & { batches: number }> {
  const all: ParsedBatch & { batches: number } = { entries: [], problems: [], ignored: 0, batches: 0 };
  for await (const batch of parseImport(format, chunks, batchSize)) {
    all.entries.push(...batch.entries);
    all.problems.push(...batch.problems);
    all.ignored += batch.ignored;
    all.batches++;
  }
  return all;
}

describe('ChongLuaDao JSON', () => {
  const cases: [string, string, [string, string] | RegExp][] = [
    ['a leading *. covers subdomains: a wildcard domain', '*.lua-dao.example.com', ['domain', '*.lua-dao.example.com']],
    ['*. with /* is the same wildcard domain', 'http://*.lua-dao.example.com/*', ['domain', '*.lua-dao.example.com']],
    ['host/* is every path of the host: the domain', 'lua-dao.example.com/*', ['domain', 'lua-dao.example.com']],
    ['scheme://host/* is the domain too', 'https://Lua-Dao.Example.com/*', ['domain', 'lua-dao.example.com']],
    ['an IP host with /* is the IP', 'http://203.0.113.9/*', ['ip', '203.0.113.9']],
    ['an IPv6 host with /* is the IP', 'http://[2001:db8::1]/*', ['ip', '2001:db8::1']],
    ['a host with a port stays a URL prefix', 'http://lua-dao.example.com:8080/*', ['url', 'http://lua-dao.example.com:8080/']],
    ['a path with /* is the canonical path prefix', 'http://lua-dao.example.com/a/./b/*', ['url', 'http://lua-dao.example.com/a/b/']],
    ['a plain URL is a URL', 'https://lua-dao.example.com/nhan-qua?id=1', ['url', 'https://lua-dao.example.com/nhan-qua?id=1']],
    ['a bare host is a domain', 'Lua-Dao.Example.com.', ['domain', 'lua-dao.example.com']],
    ['an IDN host becomes punycode', 'ngân-hàng.example.vn', ['domain', 'xn--ngn-hng-dwao.example.vn']],
    ['an IDN wildcard becomes punycode', '*.bücher.vn', ['domain', '*.xn--bcher-kva.vn']],
    ['an IDN path prefix is escaped', 'https://ví-dụ.vn/đường/*', ['url', 'https://xn--v-d-rma6749a.vn/%C4%91%C6%B0%E1%BB%9Dng/']],
    ['a * inside a path is refused', 'http://lua-dao.example.com/a*/b', /wildcard/],
    ['a * inside a segment is refused', 'http://lua-dao.example.com/a*', /wildcard/],
    ['a * inside a host is refused', 'lua*.example.com', /wildcard/],
    ['a wildcard over a public suffix is refused', '*.com.vn', /not a valid domain/],
    ['an email is not a web target', 'hotro@example.com', /read as email, expected url, domain, ip/],
    ['free text is refused', 'một câu bình thường', /not a URL, domain/],
  ];
  for (const [name, url, expected] of cases) {
    it(name, () => {
      const parsed = parseImportText('chongluadao', JSON.stringify([{ url, meta: {} }]));
      if (expected instanceof RegExp) {
        expect(parsed.entries).toEqual([]);
        expect(parsed.problems).toHaveLength(1);
        expect(parsed.problems[0]?.reason).toMatch(expected);
      } else {
        expect(parsed.problems).toEqual([]);
        expect(values(parsed)).toEqual([[1, ...expected]]);
      }
    });
  }

  it('maps meta to our categories by code or Vietnamese and English words, phishing by default', () => {
    const meta = [{ category: 'Lừa đảo' }, { type: 'scam' }, 'Cờ bạc trực tuyến', { tags: ['malware'] }, { category: 'Mạo danh cơ quan nhà nước' }, { description: 'tin giả về dịch bệnh' }, {}, null, { category: 42 }];
    const parsed = parseImportText('chongluadao', JSON.stringify(meta.map((m, i) => ({ url: `site-${i}.example.com`, meta: m }))));
    expect(parsed.entries.map((e) => e.listing.categories)).toEqual([['scam'], ['scam'], ['gambling'], ['malware'], ['impersonation'], ['fake_news'], ['phishing'], ['phishing'], ['phishing']]);
    expect(parsed.entries.every((e) => e.listing.verdict === 'dangerous' && e.listing.confidence === 75)).toBe(true);
  });

  it('reads the sample file: entries with their lines, bad entries with reasons', () => {
    const parsed = parseImportText('chongluadao', fixture('chongluadao.json'));
    expect(values(parsed)).toEqual([
      [2, 'domain', '*.vietcombank-khuyenmai.example.com'],
      [3, 'domain', 'nhan-qua-tet.example.net'],
      [4, 'domain', 'dien-may-gia-re.example.org'],
      [5, 'url', 'http://shopee-hoan-tien.example.com/xac-nhan/'],
      [6, 'url', 'https://zalo-xac-minh.example.net/dang-nhap?id=7'],
      [7, 'domain', 'casino-online-vn.example.com'],
      [8, 'ip', '203.0.113.45'],
      [9, 'url', 'https://xn--ngn-hng-tqa3b.example.com/otp'],
      [10, 'url', 'https://xn--ngn-hng-dwao.example.vn/'],
    ]);
    expect(parsed.problems.map((p) => [p.line, p.reason.slice(0, 30)])).toEqual([
      [11, '"http://example.com/a*b": a wi'],
      [12, 'an entry must be an object wit'],
      [13, '"*.com": not a valid domain na'],
    ]);
  });

  it('accepts bare strings and a {"data": [...]} wrapper; malformed elements are one problem each', () => {
    const parsed = parseImportText('chongluadao', '{"version": 2, "data": [\n"a.example.com",\n{"url": "b.example.com",},\n42,\n{"url": ["x"]}\n]}');
    expect(values(parsed)).toEqual([[2, 'domain', 'a.example.com']]);
    expect(parsed.problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'not valid JSON'],
      [4, 'an entry must be an object with a "url" text'],
      [5, 'an entry must be an object with a "url" text'],
    ]);
  });
});

describe('PhishTank CSV', () => {
  it('lists verified rows with the phish id, detail page and submission time; unverified rows are left out', () => {
    const parsed = parseImportText('phishtank', fixture('phishtank.csv'));
    expect(values(parsed)).toEqual([
      [2, 'url', 'https://secure-login.paypa1.example.com/signin'],
      [3, 'url', 'http://vietinbank-ipay.example.net/login.php?next=/home,account'],
      [6, 'url', 'https://secure-login.paypa1.example.com/signin'],
    ]);
    expect(parsed.entries[0]?.listing).toEqual({
      type: 'url',
      value: 'https://secure-login.paypa1.example.com/signin',
      verdict: 'dangerous',
      categories: ['phishing'],
      confidence: 85,
      sourceRef: '8512001',
      evidenceUrl: 'http://www.phishtank.com/phish_detail.php?phish_id=8512001',
      seenAt: new Date('2025-02-14T08:21:09Z'),
    });
    expect(parsed.ignored).toBe(1);
    expect(parsed.problems.map((p) => [p.line, p.reason])).toEqual([
      [5, '"not a url": a URL has no spaces'],
      [7, 'submission_time is not a date'],
    ]);
  });

  it('finds columns by the header, in any order', () => {
    const parsed = parseImportText('phishtank', 'verified,url,phish_id\nyes,http://a.example.com/x,77\n');
    expect(parsed.entries.map((e) => [e.listing.value, e.listing.sourceRef])).toEqual([['http://a.example.com/x', '77']]);
  });

  it('a quoted field may span lines; a stray quote costs only its own line', () => {
    const text = 'phish_id,url,verified,target\n1,http://a.example.com/,yes,"Ngân hàng\n""ABC"""\n2,"http://b.example.com/,yes,x\n3,http://c.example.com/,yes,y\n';
    const parsed = parseImportText('phishtank', text);
    expect(parsed.entries.map((e) => [e.line, e.listing.value])).toEqual([
      [2, 'http://a.example.com/'],
      [5, 'http://c.example.com/'],
    ]);
    expect(problemLines(parsed)).toEqual([4]);
  });
});

describe('OpenPhish and URLhaus', () => {
  it('OpenPhish: a URL per line, comments and blank lines skipped', () => {
    const parsed = parseImportText('openphish', fixture('openphish.txt'));
    expect(values(parsed)).toEqual([
      [2, 'url', 'https://appleid-verify.example.com/account/'],
      [3, 'url', 'http://mbbank-xacthuc.example.net/otp.html'],
      [5, 'url', 'https://tpbank-ebank.example.org/login?ref=sms'],
      [7, 'url', 'https://appleid-verify.example.com/account/'],
    ]);
    expect(problemLines(parsed)).toEqual([6]);
    expect(parsed.entries.every((e) => e.listing.confidence === 75 && e.listing.categories.join() === 'phishing')).toBe(true);
  });

  it('URLhaus text and CSV are told apart by content and give the same URLs', () => {
    const text = parseImportText('urlhaus', fixture('urlhaus.txt'));
    const csv = parseImportText('urlhaus', fixture('urlhaus.csv'));
    const urls = ['http://198.51.100.7:8080/bins/mozi.m', 'http://update-flash.example.net/flashplayer.exe', 'https://files.example.org/hoa-don-dien-tu.zip'];
    expect(text.entries.map((e) => e.listing.value)).toEqual(urls);
    expect(csv.entries.map((e) => e.listing.value)).toEqual(urls);
    expect(text.entries[0]?.listing).toMatchObject({ categories: ['malware'], confidence: 80, sourceRef: null, evidenceUrl: null });
    expect(csv.entries[1]?.listing).toMatchObject({ categories: ['malware'], confidence: 80, sourceRef: '3401002', evidenceUrl: 'https://urlhaus.abuse.ch/url/3401002/', seenAt: new Date('2025-03-01T10:05:40Z') });
    expect(csv.problems.map((p) => [p.line, p.reason])).toEqual([[13, 'no URL']]);
  });

  it('URLhaus CSV without its comment header is still CSV (quoted rows)', () => {
    const parsed = parseImportText('urlhaus', '"1","2025-01-01 00:00:00","http://x.example.com/a","online","","malware_download","","https://urlhaus.abuse.ch/url/1/","r"\n"2","2025-01-01"\n');
    expect(values(parsed)).toEqual([[1, 'url', 'http://x.example.com/a']]);
    expect(parsed.problems[0]?.reason).toMatch(/^expected the URLhaus columns/);
  });
});

describe('our own CSV and JSON', () => {
  it('CSV: columns by the header, type detected when empty, the feed’s extra columns ignored', () => {
    const parsed = parseImportText('csv', fixture('indicators.csv'));
    expect(values(parsed)).toEqual([
      [2, 'url', 'https://vietcombank-qua-tang.example.net/nhan-qua'],
      [3, 'domain', '*.lua-dao-dau-tu.example.com'],
      [4, 'phone', '+84912000111'],
      [5, 'phone', '+84987654321'],
      [6, 'email', 'hotro-vcb@example.com'],
      [7, 'domain', 'nganhang-chinhthuc.example.vn'],
    ]);
    expect(parsed.entries[0]?.listing).toEqual({
      type: 'url',
      value: 'https://vietcombank-qua-tang.example.net/nhan-qua',
      verdict: 'dangerous',
      categories: ['scam', 'impersonation'],
      confidence: 90,
      sourceRef: null,
      evidenceUrl: 'https://antoan.example.vn/cases/VV-12',
      seenAt: new Date('2025-01-10T03:00:00Z'),
    });
    expect(parsed.entries.map((e) => [e.listing.verdict, e.listing.confidence])).toEqual([['dangerous', 90], ['dangerous', 80], ['suspicious', 70], ['dangerous', 75], ['dangerous', 85], ['trusted', 100]]);
    expect(parsed.problems.map((p) => [p.line, p.reason.slice(0, 26)])).toEqual([
      [8, '"not a url": a URL has no '],
      [9, 'unknown category "robbery"'],
    ]);
  });

  it('JSON: the same shape under "indicators" (snake or camel case), other members skipped', () => {
    const parsed = parseImportText('json', fixture('indicators.json'));
    expect(values(parsed)).toEqual([
      [5, 'url', 'https://vietcombank-qua-tang.example.net/nhan-qua'],
      [6, 'domain', '*.lua-dao-dau-tu.example.com'],
      [7, 'ip', '203.0.113.0/24'],
      [8, 'phone', '+84987654321'],
      [9, 'file_hash', '44d88612fea8a8f36de82e1278abb02f'],
    ]);
    expect(parsed.entries[1]?.listing.seenAt).toEqual(new Date('2025-01-11T04:00:00Z'));
    expect(parsed.entries[3]?.listing).toMatchObject({ categories: ['scam'], sourceRef: 'VV-40', confidence: 70 });
    expect(problemLines(parsed)).toEqual([10, 11]);
  });

  it('CSV and JSON written from the same rows read the same', () => {
    const rows = [
      { type: 'domain', value: 'a.example.com', verdict: 'suspicious', categories: ['scam', 'gambling'], confidence: 55, first_seen: '2025-01-01T00:00:00.000Z', evidence_url: 'https://e.example/1', source_ref: 'R-1' },
      { type: '', value: '0912 345 678', verdict: '', categories: [], confidence: '', first_seen: '', evidence_url: '', source_ref: '' },
    ];
    const csv = ['type,value,verdict,categories,confidence,first_seen,evidence_url,source_ref', ...rows.map((r) => [r.type, r.value, r.verdict, r.categories.join('|'), r.confidence, r.first_seen, r.evidence_url, r.source_ref].join(','))].join('\n');
    const fromCsv = parseImportText('csv', csv);
    const fromJson = parseImportText('json', JSON.stringify(rows));
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.entries.map((e) => e.listing)).toEqual(fromJson.entries.map((e) => e.listing));
  });

  it('reads what /feeds/indicators.csv and .json write, full and delta; listings no longer in force are left out', async () => {
    const at = Date.parse('2025-01-10T03:00:00Z');
    const records = [
      { id: 'a', type: 'url', value: 'https://a.example.com/x,y"z', verdict: 'dangerous', categories: ['scam', 'impersonation'], confidence: 90, firstSeen: at, lastVerified: at, expiresAt: at + 90 * 86_400_000, source: 'case', evidenceUrl: 'https://e.example/1', serial: 3 },
      { id: 'b', type: 'domain', value: '*.b.example.com', verdict: 'trusted', categories: [], confidence: 100, firstSeen: at, lastVerified: at, expiresAt: null, source: 'registry', evidenceUrl: null, serial: 4 },
      { id: 'c', type: 'phone', value: '+84912000111', verdict: 'suspicious', categories: ['scam'], confidence: 60, firstSeen: at, lastVerified: at, expiresAt: null, source: 'import', evidenceUrl: null, serial: 5 },
    ];
    const listings = records.map((r) => ({ type: r.type, value: r.value, verdict: r.verdict, categories: r.categories, confidence: r.confidence, sourceRef: null, evidenceUrl: r.evidenceUrl, seenAt: new Date(r.firstSeen) }));
    const csv = parseImportText('csv', [...fullCsv(records)].join(''));
    const json = parseImportText('json', [...fullJson(records, 5, new Date(at))].join(''));
    expect(csv).toEqual({ entries: listings.map((listing, i) => ({ line: i + 2, listing })), problems: [], ignored: 0 });
    expect(json.entries.map((e) => e.listing)).toEqual(listings);
    expect(json.problems).toEqual([]);
    const statuses = ['active', 'revoked', 'expired'] as const;
    async function* page() {
      yield records.map((record, i) => ({ record, status: statuses[i] ?? 'active' }));
    }
    const join = async (pieces: AsyncIterable<string>) => {
      let text = '';
      for await (const piece of pieces) text += piece;
      return text;
    };
    for (const [format, text] of [['csv', await join(deltaCsv(page()))], ['json', await join(deltaJson(page(), 5, 2, new Date(at)))]] as const) {
      const delta = parseImportText(format, text);
      expect(delta.entries.map((e) => e.listing), format).toEqual([listings[0]]);
      expect(delta.ignored, format).toBe(2);
    }
  });

  const refusals: [string, string, RegExp][] = [
    ['an unknown type', 'planet,x.example.com', /unknown target type/],
    ['a value of the wrong type', 'phone,x.example.com', /./],
    ['a verdict not ours', 'domain,x.example.com,evil', /verdict must be one of/],
    ['a confidence over 100', 'domain,x.example.com,,,101', /confidence/],
    ['a confidence with a fraction', 'domain,x.example.com,,,7.5', /confidence/],
    ['a date that is not one', 'domain,x.example.com,,,,31/12/2024', /first_seen is not a date/],
    ['a date before 1970', 'domain,x.example.com,,,,1969-12-31', /first_seen is not a date/],
    ['an evidence link that is not http', 'domain,x.example.com,,,,,javascript:alert(1)', /evidence URL/],
    ['a reference with a control character', 'domain,x.example.com,,,,,,"a\u0000b"', /source reference/],
    ['no value', 'domain,,dangerous', /no value/],
  ];
  for (const [name, row, reason] of refusals) {
    it(`refuses ${name}`, () => {
      const parsed = parseImportText('csv', `type,value,verdict,categories,confidence,first_seen,evidence_url,source_ref\n${row}\n`);
      expect(parsed.entries).toEqual([]);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatchObject({ line: 2, reason: expect.stringMatching(reason) as string });
    });
  }

  it('a CSV without a header makes every line a problem, pointing at the header', () => {
    const parsed = parseImportText('csv', 'domain,a.example.com\ndomain,b.example.com\n');
    expect(parsed.entries).toEqual([]);
    expect(problemLines(parsed)).toEqual([1, 2]);
    expect(parsed.problems[0]?.reason).toMatch(/first line must name the columns/);
  });

  it('a JSON document of the wrong shape is one problem, not an exception', () => {
    for (const [text, reason] of [
      ['', /no JSON array/],
      ['"text"', /not a JSON array or object/],
      ['{"other": [1]}', /no array of entries/],
      ['[{"value": "a.example.com"}', /ends before its closing bracket/],
      ['[{"value": "a.example.com"}]]', /text after the end/],
      ['[{"value": "a.example.com"]}', /brackets do not match/],
    ] as const) {
      const parsed = parseImportText('json', text);
      expect(parsed.problems.at(-1)?.reason, text).toMatch(reason);
    }
  });
});

describe('streaming', () => {
  it('gives the same entries whatever the chunks, in batches of at most the batch size per chunk', async () => {
    const texts = IMPORT_FORMATS.map((format) => [format, fixture({ chongluadao: 'chongluadao.json', phishtank: 'phishtank.csv', openphish: 'openphish.txt', urlhaus: 'urlhaus.csv', csv: 'indicators.csv', json: 'indicators.json' }[format])] as const);
    for (const [format, text] of texts) {
      const whole = parseImportText(format, text);
      const byChar = await streamed(format, [...text]);
      const byLine = await streamed(format, text.split(/(?<=\n)/), 2);
      for (const result of [byChar, byLine]) {
        expect(result.entries, format).toEqual(whole.entries);
        expect(result.problems, format).toEqual(whole.problems);
        expect(result.ignored, format).toBe(whole.ignored);
      }
      expect(byLine.batches, format).toBeGreaterThan(1);
    }
  });

  it('reads a large list in batches without holding it at once', async () => {
    async function* lines() {
      for (let i = 0; i < 5_000; i++) yield `http://site-${i}.example.com/login\n`;
    }
    let batches = 0;
    let largest = 0;
    let total = 0;
    for await (const batch of parseImport('openphish', lines(), 500)) {
      batches++;
      largest = Math.max(largest, batch.entries.length);
      total += batch.entries.length;
    }
    expect(total).toBe(5_000);
    expect(batches).toBe(10);
    expect(largest).toBe(500);
  });

  it('a line or JSON element over the limit is one problem, and reading goes on', () => {
    const long = `http://a.example.com/${'x'.repeat(MAX_ENTRY_CHARS)}`;
    const text = parseImportText('openphish', `${long}\nhttp://b.example.com/\n`);
    expect(values(text)).toEqual([[2, 'url', 'http://b.example.com/']]);
    expect(text.problems[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/longer than/) as string });
    const json = parseImportText('json', JSON.stringify([{ value: 'a.example.com', note: 'x'.repeat(MAX_ENTRY_CHARS) }, { value: 'b.example.com' }]));
    expect(json.entries.map((e) => e.listing.value)).toEqual(['b.example.com']);
    expect(json.problems[0]?.reason).toMatch(/longer than/);
  });

  it('the JSON reader hands out elements across chunk boundaries, strings with brackets and escapes intact', () => {
    const seen: unknown[] = [];
    const reader = new JsonArrayReader(['indicators'], { element: (v) => seen.push(v), problem: (reason) => seen.push(`problem: ${reason}`) });
    const doc = '\ufeff{"a": "[\\"}", "indicators": [ {"value": "x]\\"{"}, 12 , true,null, "s,t" , [1,[2]] ], "b": [3]}';
    for (const char of doc) reader.write(char);
    reader.end();
    expect(seen).toEqual([{ value: 'x]"{' }, 12, true, null, 's,t', [1, [2]]]);
  });
});

describe('the fingerprint set of keys', () => {
  it('says whether a key is new, across growth', () => {
    const keys = new KeySet();
    const added = Array.from({ length: 50_000 }, (_, i) => keys.add(`url\u0000http://k${i}.example.com/`));
    const again = Array.from({ length: 50_000 }, (_, i) => keys.add(`url\u0000http://k${i}.example.com/`));
    expect(added.every(Boolean)).toBe(true);
    expect(again.some(Boolean)).toBe(false);
    expect(keys.size).toBe(50_000);
    expect(keys.add('url\u0000http://new.example.com/')).toBe(true);
  });
});

describe('properties', () => {
  const PIECES = ['\n', '\r\n', ',', '"', '""', '#', '*', '*.', '/*', '/', 'http://', 'https://', '[', ']', '{', '}', ':', '\\', '\\"', 'url', 'value', 'type', 'meta',
    'yes', 'example.com', 'xn--', 'bücher', '.vn', '192.0.2.1', '[::1]', '%', '%00', '\u0000', '\ud800', '\ufeff', ' ', 'phish_id,url,verified', 'type,value', '{"url":"', '{"value":"', '"},', 'null', '0912345678', 'scam|phishing', '2025-01-01'];
  const text = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join('')),
  );

  it('random input never throws: it yields entries in normal form, or problems with a line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_FORMATS), text, (format, input) => {
        const parsed = parseImportText(format, input);
        const lines = input.split('\n').length;
        for (const { line, listing } of parsed.entries) {
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines);
          expect(parseTarget(listing.value, listing.type).value).toBe(listing.value);
          expect(listing.confidence).toBeGreaterThanOrEqual(0);
          expect(listing.confidence).toBeLessThanOrEqual(100);
        }
        for (const problem of parsed.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines);
          expect(problem.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('chunks cut anywhere read like the whole text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...IMPORT_FORMATS), text, fc.array(fc.nat(), { maxLength: 6 }), async (format, input, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => input.slice(start, [...points, input.length][i]));
        const whole = parseImportText(format, input);
        const pieces = await streamed(format, chunks);
        expect(pieces.entries).toEqual(whole.entries);
        expect(pieces.problems).toEqual(whole.problems);
      }),
      { numRuns: 400 },
    );
  });
});
