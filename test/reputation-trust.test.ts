// The trust registry over its JSON API: applying (every problem at once), reviewing each
// criterion with the automatic hints, approving (a badge number and trusted listings the
// check answers from), rejecting and revoking, the public directory without the contact,
// the SVG badge, permissions, and naming the organisation a dangerous listing impersonates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERION_CODES } from '../src/modules/reputation/trust/criteria.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, person, rows, type ErrorBody, type Headers, type Person } from './helpers/cases.ts';
import { check, historyOf, list } from './helpers/reputation.ts';

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let provincialSupervisor: Person;
let platformAdmin: Person;
let nationalId: string;
let n = 0;

type Created = { id: string; reference: string; slug: string; status: string; next: string };
type Detail = {
  id: string;
  slug: string;
  status: string;
  badgeNumber: string | null;
  findings: { met: number; notMet: number; pending: number };
  hasContact: boolean;
  criteria: { criterion: string; statement: string | null; finding: string; note: string | null; checkedBy: string | null; automatic: string | null; hint: { clear: boolean; items: { domain: string; kind: string; value: string; verdict: string | null }[] } | null }[];
};

const statements = () => Object.fromEntries(CRITERION_CODES.map((code) => [code, `Trình bày cho tiêu chí ${code}: https://example.vn/chinh-sach`]));

/** A complete application with fresh domains. */
function applicationBody(overrides: Record<string, unknown> = {}) {
  n++;
  return {
    name: `Ngân hàng Thử nghiệm ${n}`,
    website: `https://www.ngan-hang-${n}.example.vn/`,
    description: 'Ngân hàng thương mại cổ phần.',
    domains: [`ngan-hang-${n}.example.vn`, `www.ngan-hang-${n}.example.vn`],
    contact: `an-toan-${n}@ngan-hang.example.vn`,
    statements: statements(),
    ...overrides,
  };
}

async function apply(body: Record<string, unknown> = applicationBody()): Promise<Created> {
  const response = await call(t, {}, 'POST', '/api/v1/trust/applications', body);
  if (response.statusCode !== 201) throw new Error(`apply failed: ${response.statusCode} ${response.body}`);
  return response.json<Created>();
}

function finding(who: Headers, id: string, criterion: string, body: { finding: string; note?: string | null }) {
  return call(t, who, 'POST', `/api/v1/trust/applications/${id}/criteria/${criterion}`, body);
}

async function meetAll(id: string, except: string[] = []) {
  for (const code of CRITERION_CODES.filter((c) => !except.includes(c))) {
    const response = await finding(analyst.headers, id, code, { finding: 'met', note: null });
    expect(response.statusCode).toBe(200);
  }
}

function decide(who: Headers, id: string, decision: string, reason?: string) {
  return call(t, who, 'POST', `/api/v1/trust/applications/${id}/decision`, reason === undefined ? { decision } : { decision, reason });
}

/** An application approved by the supervisor; returns its badge number. */
async function approved(body = applicationBody()) {
  const created = await apply(body);
  await meetAll(created.id);
  const response = await decide(supervisor.headers, created.id, 'approve');
  expect(response.statusCode).toBe(200);
  return { ...created, badge: response.json<{ badgeNumber: string }>().badgeNumber, body };
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  nationalId = national.id;
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await person(t, national.id, 'analyst');
  supervisor = await person(t, national.id, 'supervisor');
  provincialSupervisor = await person(t, hue.id, 'supervisor');
  platformAdmin = await person(t, platform.id, 'org_admin');
});
afterAll(() => t.close());

describe('applying', () => {
  it('stores a complete application: applied, one pending criterion each, normalised domains, the contact encrypted, audited', async () => {
    const body = applicationBody({ name: 'Ngân hàng Á Châu Thử', domains: ['WWW.Acb-Thu.Example.VN.', 'acb-thu.example.vn', 'acb-thu.example.vn'], website: 'https://www.acb-thu.example.vn/' });
    const created = await apply(body);
    expect(created).toMatchObject({ slug: 'ngan-hang-a-chau-thu', status: 'applied', reference: created.id });
    expect(created.next).toMatch(/Cán bộ thẩm định/);
    const [entity] = await rows<{ status: string; contact_ciphertext: string; website: string }>(t, 'select * from trust_entities where id = $1', [created.id]);
    expect(entity?.status).toBe('applied');
    expect(entity?.website).toBe('https://www.acb-thu.example.vn/');
    expect(entity?.contact_ciphertext).toMatch(/^v1\./);
    expect(entity?.contact_ciphertext).not.toContain('ngan-hang');
    expect(t.box.decrypt(entity?.contact_ciphertext ?? '')).toBe(body.contact);
    const domains = await rows<{ domain: string }>(t, 'select domain from trust_domains where entity_id = $1 order by domain', [created.id]);
    expect(domains.map((d) => d.domain)).toEqual(['acb-thu.example.vn', 'www.acb-thu.example.vn']);
    const criteria = await rows<{ criterion: string; finding: string; statement: string }>(t, 'select * from trust_criteria where entity_id = $1', [created.id]);
    expect(criteria.map((c) => c.criterion).sort()).toEqual([...CRITERION_CODES].sort());
    expect(criteria.every((c) => c.finding === 'pending' && c.statement.startsWith('Trình bày'))).toBe(true);
    const audit = await rows<{ action: string; summary: Record<string, unknown> }>(t, 'select action, summary from audit_log where subject_id = $1', [created.id]);
    expect(audit.map((a) => a.action)).toEqual(['trust.applied']);
    expect(JSON.stringify(audit)).not.toContain(body.contact);
  });

  it('makes a unique slug from the name, and refuses a chosen slug that is taken', async () => {
    const first = await apply(applicationBody({ name: 'Bộ Thử Nghiệm' }));
    const second = await apply(applicationBody({ name: 'Bộ thử nghiệm' }));
    expect([first.slug, second.slug]).toEqual(['bo-thu-nghiem', 'bo-thu-nghiem-2']);
    const taken = await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ slug: 'bo-thu-nghiem' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json<ErrorBody>().error.details).toEqual([expect.objectContaining({ field: 'slug' })]);
    const reserved = await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ slug: 'apply' }));
    expect(reserved.statusCode).toBe(400);
  });

  it('lists every problem at once: bad domains, wildcards, a website off the domains, a bad contact, missing statements', async () => {
    const { consent: _consent, valid_tls: _tls, ...someStatements } = statements();
    const response = await call(t, {}, 'POST', '/api/v1/trust/applications', {
      ...applicationBody(),
      domains: ['ngan-hang-ok.example.vn', 'không phải tên miền', '*.wild.example.vn', 'com.vn', '10.0.0.1'],
      website: 'https://khac.example.com/',
      contact: 'not an email',
      statements: { ...someStatements, privacy_policy: '   ', incident_response: 'x'.repeat(2001) },
    });
    expect(response.statusCode).toBe(400);
    const details = response.json<ErrorBody>().error.details;
    const byField: Record<string, string | undefined> = Object.fromEntries(details.map((d) => [d.field ?? '', (d as { code?: string }).code]));
    expect(byField).toMatchObject({
      'domains[1]': 'invalid',
      'domains[2]': 'wildcard',
      'domains[3]': 'invalid',
      'domains[4]': 'invalid',
      website: 'website_domain',
      contact: 'invalid',
      'statements.consent': 'required',
      'statements.valid_tls': 'required',
      'statements.privacy_policy': 'required',
      'statements.incident_response': 'too_long',
    });
    expect(byField['domains[0]']).toBeUndefined();
    expect(await rows(t, "select 1 from trust_entities where website = 'https://khac.example.com/'")).toEqual([]);
  });

  it('needs one to twenty domains, and refuses fields it does not know', async () => {
    const none = await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ domains: [] }));
    expect(none.statusCode).toBe(400);
    expect(none.json<ErrorBody>().error.details).toContainEqual(expect.objectContaining({ field: 'domains' }));
    const many = await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ domains: Array.from({ length: 21 }, (_, i) => `d${i}.example.vn`) }));
    expect(many.statusCode).toBe(400);
    const twenty = Array.from({ length: 20 }, (_, i) => `d${i}.hai-muoi.example.vn`);
    expect((await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ domains: twenty, website: `https://${twenty[0]}/` }))).statusCode).toBe(201);
    const extra = await call(t, {}, 'POST', '/api/v1/trust/applications', { ...applicationBody(), status: 'approved' });
    expect(extra.statusCode).toBe(400);
    const unknownCriterion = await call(t, {}, 'POST', '/api/v1/trust/applications', applicationBody({ statements: { ...statements(), extra: 'x' } }));
    expect(unknownCriterion.statusCode).toBe(400);
  });
});

describe('review', () => {
  it('records a finding per criterion; the first moves the application to in_review; not met needs a note', async () => {
    const created = await apply();
    const noNote = await finding(analyst.headers, created.id, 'valid_tls', { finding: 'not_met' });
    expect(noNote.statusCode).toBe(400);
    const notMet = await finding(analyst.headers, created.id, 'valid_tls', { finding: 'not_met', note: 'Chứng chỉ đã hết hạn ngày 01/03/2026.' });
    expect(notMet.statusCode).toBe(200);
    const detail = notMet.json<Detail>();
    expect(detail.status).toBe('in_review');
    expect(detail.findings).toEqual({ met: 0, notMet: 1, pending: 8 });
    expect(detail.criteria.find((c) => c.criterion === 'valid_tls')).toMatchObject({ finding: 'not_met', note: 'Chứng chỉ đã hết hạn ngày 01/03/2026.', checkedBy: analyst.name });
    expect((await finding(analyst.headers, created.id, 'no_such_thing', { finding: 'met' })).statusCode).toBe(404);
    expect((await finding(analyst.headers, '00000000-0000-4000-8000-000000000000', 'valid_tls', { finding: 'met' })).statusCode).toBe(404);
    expect((await finding(analyst.headers, 'not-a-uuid', 'valid_tls', { finding: 'met' })).statusCode).toBe(404);
    expect((await finding(analyst.headers, created.id, 'valid_tls', { finding: 'maybe' })).statusCode).toBe(400);
    const audit = await rows<{ action: string }>(t, "select action from audit_log where subject_id = $1 and action = 'trust.finding_recorded'", [created.id]);
    expect(audit).toHaveLength(1);
  });

  it('shows automatic hints from the live index: a dangerous listing on an applied domain, a look-alike name', async () => {
    await list(t, [{ value: 'bi-chan.example.vn', type: 'domain', verdict: 'dangerous', categories: ['phishing'] }]);
    const created = await apply(applicationBody({ domains: ['bi-chan.example.vn', 'vіetcombank-thu.example.vn', 'sach-se.example.vn'], website: 'https://sach-se.example.vn/' }));
    const response = await call(t, analyst.headers, 'GET', `/api/v1/trust/applications/${created.id}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json<Detail>();
    const blocklist = detail.criteria.find((c) => c.criterion === 'not_blocklisted');
    expect(blocklist?.automatic).toBe('blocklist');
    expect(blocklist?.hint).toMatchObject({ clear: false, items: [{ domain: 'bi-chan.example.vn', kind: 'listed', verdict: 'dangerous' }] });
    const phishing = detail.criteria.find((c) => c.criterion === 'no_phishing_signs');
    expect(phishing?.hint?.items.map((i) => [i.kind, i.value])).toEqual([
      ['listed', 'bi-chan.example.vn'],
      ['lookalike', 'vietcombank-thu.example.vn'],
    ]);
    expect(detail.criteria.find((c) => c.criterion === 'valid_tls')).toMatchObject({ automatic: null, hint: null });
    expect(detail.hasContact).toBe(true);
    expect(response.body).not.toContain('@ngan-hang.example.vn');
  });

  it('gives the contact only through its own call, and audits each reading', async () => {
    const body = applicationBody();
    const created = await apply(body);
    const response = await call(t, analyst.headers, 'GET', `/api/v1/trust/applications/${created.id}/contact`);
    expect(response.json()).toEqual({ contact: body.contact });
    const audit = await rows(t, "select 1 from audit_log where subject_id = $1 and action = 'trust.contact_read'", [created.id]);
    expect(audit).toHaveLength(1);
  });

  it('lists the queue by status', async () => {
    const created = await apply();
    const open = await call(t, analyst.headers, 'GET', '/api/v1/trust/applications?limit=100');
    expect(open.statusCode).toBe(200);
    const items = open.json<{ items: { id: string; status: string }[] }>().items;
    expect(items.map((i) => i.id)).toContain(created.id);
    expect(items.every((i) => i.status === 'applied' || i.status === 'in_review')).toBe(true);
    const approvedOnly = await call(t, analyst.headers, 'GET', '/api/v1/trust/applications?status=approved');
    expect(approvedOnly.json<{ items: { status: string }[] }>().items.every((i) => i.status === 'approved')).toBe(true);
  });
});

describe('deciding', () => {
  it('refuses approval while a criterion is pending or not met, naming them', async () => {
    const body = applicationBody();
    const created = await apply(body);
    await meetAll(created.id, ['valid_tls', 'no_botnet_ips']);
    await finding(analyst.headers, created.id, 'valid_tls', { finding: 'not_met', note: 'Chứng chỉ tự ký.' });
    const refused = await decide(supervisor.headers, created.id, 'approve');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ErrorBody>().error.details.map((d) => [d.field, (d as { code?: string }).code])).toEqual([
      ['criteria.valid_tls', 'not_met'],
      ['criteria.no_botnet_ips', 'pending'],
    ]);
    expect((await check(t, body.domains[0] ?? '')).verdict).toBe('unknown');
    expect((await call(t, analyst.headers, 'GET', `/api/v1/trust/applications/${created.id}`)).json<Detail>().status).toBe('in_review');
  });

  it('approves: a badge number in sequence per year, and each domain answers trusted', async () => {
    const first = await approved();
    expect(first.badge).toMatch(/^TN-2026-\d{4}$/);
    const second = await approved();
    expect(Number(second.badge.slice(-4))).toBe(Number(first.badge.slice(-4)) + 1);
    for (const domain of second.body.domains) {
      const answer = await check(t, domain);
      expect(answer.verdict).toBe('trusted');
      expect(answer.matches[0]).toMatchObject({ source: 'registry', verdict: 'trusted', expiresAt: null });
    }
    const [indicator] = await rows<{ source_ref: string; confidence: number; source_key: string }>(t, "select * from indicators where value = $1 and source_key = 'registry'", [second.body.domains[0]]);
    expect(indicator).toMatchObject({ source_ref: second.badge, confidence: 95 });
    const detail = await call(t, analyst.headers, 'GET', `/api/v1/trust/applications/${second.id}`);
    expect(detail.json<Detail>()).toMatchObject({ status: 'approved', badgeNumber: second.badge });
    expect((await decide(supervisor.headers, second.id, 'approve')).statusCode).toBe(409);
    expect((await finding(analyst.headers, second.id, 'consent', { finding: 'not_met', note: 'Muộn rồi.' })).statusCode).toBe(409);
  });

  it('numbers badges from 1 again in a new year (Vietnam time)', async () => {
    const start = t.clock.now();
    // 17:30 UTC on 31 December is already 00:30 on 1 January in Vietnam.
    t.clock.set(new Date('2026-12-31T17:30:00Z'));
    try {
      const boss = await person(t, nationalId, 'supervisor');
      const reviewer = await person(t, nationalId, 'analyst');
      const created = await apply();
      for (const code of CRITERION_CODES) expect((await finding(reviewer.headers, created.id, code, { finding: 'met' })).statusCode).toBe(200);
      const response = await decide(boss.headers, created.id, 'approve');
      expect(response.json()).toMatchObject({ badgeNumber: 'TN-2027-0001', approvedAt: '2026-12-31T17:30:00.000Z' });
    } finally {
      t.clock.set(start);
    }
  });

  it('refuses to approve a domain that already carries another badge', async () => {
    const holder = await approved();
    const rival = await apply(applicationBody({ domains: [holder.body.domains[0]], website: `https://${holder.body.domains[0]}/` }));
    await meetAll(rival.id);
    const refused = await decide(supervisor.headers, rival.id, 'approve');
    expect(refused.statusCode).toBe(409);
    const details = refused.json<ErrorBody>().error.details;
    expect(details.map((d) => d.field)).toEqual(['domains']);
    expect(details[0]?.message).toContain(holder.slug);
  });

  it('rejects with a reason', async () => {
    const created = await apply();
    expect((await decide(supervisor.headers, created.id, 'reject')).statusCode).toBe(400);
    const rejected = await decide(supervisor.headers, created.id, 'reject', 'Không cung cấp được chính sách quyền riêng tư.');
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusReason: 'Không cung cấp được chính sách quyền riêng tư.', badgeNumber: null });
    expect((await call(t, {}, 'GET', `/api/v1/trust/entities/${created.slug}`)).statusCode).toBe(404);
    expect((await decide(supervisor.headers, created.id, 'revoke', 'Không có huy hiệu.')).statusCode).toBe(409);
  });

  it('revokes: the listings leave the index, the check answers unknown, the page and badge say revoked', async () => {
    const granted = await approved();
    expect((await call(t, {}, 'GET', `/api/v1/trust/entities?q=${granted.body.domains[0] ?? ''}`)).json<{ total: number }>().total).toBe(1);
    const serialBefore = (await check(t, granted.body.domains[0] ?? '')).serial;
    const revoked = await decide(supervisor.headers, granted.id, 'revoke', 'Trang web bị chiếm quyền điều khiển.');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', badgeNumber: granted.badge, revokedAt: '2026-03-02T03:00:00.000Z' });
    for (const domain of granted.body.domains) {
      const answer = await check(t, domain);
      expect(answer.verdict).toBe('unknown');
      expect(answer.serial).toBeGreaterThan(serialBefore);
    }
    expect((await historyOf(t, granted.body.domains[0] ?? '')).map((h) => [h.action, h.note])).toEqual([
      ['listed', `trust badge ${granted.badge}`],
      ['revoked', 'Trang web bị chiếm quyền điều khiển.'],
    ]);
    const entity = await call(t, {}, 'GET', `/api/v1/trust/entities/${granted.slug}`);
    expect(entity.json()).toMatchObject({ status: 'revoked', badge: { number: granted.badge, status: 'revoked', revokedAt: '2026-03-02T03:00:00.000Z', revocationReason: 'Trang web bị chiếm quyền điều khiển.' } });
    const badge = await t.app.inject({ method: 'GET', url: `/trust/${granted.slug}/badge.svg` });
    expect(badge.body).toContain('Đã thu hồi');
    expect(badge.body).toContain('#b3261e');
    expect(badge.body).not.toContain('Đã xác thực');
    const page = await t.app.inject({ method: 'GET', url: `/trust/${granted.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('đã bị THU HỒI');
    // Out of the directory list, though its page stays.
    expect((await call(t, {}, 'GET', `/api/v1/trust/entities?q=${granted.body.domains[0] ?? ''}`)).json<{ total: number }>().total).toBe(0);
  });
});

describe('the public directory', () => {
  it('lists approved and listed organisations, searchable by name without accents or by domain, never with the contact', async () => {
    const granted = await approved(applicationBody({ name: 'Ngân hàng Đông Á Thử' }));
    await apply(applicationBody({ name: 'Ngân hàng Đông Á Đang Chờ' }));
    const byName = await call(t, {}, 'GET', `/api/v1/trust/entities?q=${encodeURIComponent('dong a')}`);
    expect(byName.statusCode).toBe(200);
    const found = byName.json<{ total: number; items: { slug: string; status: string; badge: { number: string; status: string } | null; url: string; badgeUrl: string }[] }>();
    expect(found.items.map((i) => i.slug)).toEqual([granted.slug]);
    expect(found.items[0]).toMatchObject({ status: 'approved', badge: { number: granted.badge, status: 'valid' }, url: `http://localhost:3000/trust/${granted.slug}`, badgeUrl: `http://localhost:3000/trust/${granted.slug}/badge.svg` });
    const byAccents = await call(t, {}, 'GET', `/api/v1/trust/entities?q=${encodeURIComponent('ĐÔNG Á')}`);
    expect(byAccents.json<{ items: { slug: string }[] }>().items.map((i) => i.slug)).toEqual([granted.slug]);
    const byUrl = await call(t, {}, 'GET', `/api/v1/trust/entities?q=${encodeURIComponent(`https://${granted.body.domains[1]}/dang-nhap`)}`);
    expect(byUrl.json<{ items: { slug: string }[] }>().items.map((i) => i.slug)).toEqual([granted.slug]);
    const one = await call(t, {}, 'GET', `/api/v1/trust/entities/${granted.slug}`);
    expect(one.json()).toMatchObject({ name: 'Ngân hàng Đông Á Thử', domains: [...granted.body.domains].sort(), criteriaMet: [...CRITERION_CODES] });
    for (const response of [byName, one, await t.app.inject({ method: 'GET', url: `/trust/${granted.slug}` }), await t.app.inject({ method: 'GET', url: '/trust?q=dong' })]) {
      expect(response.body).not.toContain(granted.body.contact);
      expect(response.body).not.toContain('Trình bày cho tiêu chí');
      expect(response.body).not.toContain('contact');
    }
    expect((await call(t, {}, 'GET', '/api/v1/trust/entities/khong-co-to-chuc-nay')).statusCode).toBe(404);
  });

  it('lets staff enter a well-known organisation without a badge (listed) and no trusted listing', async () => {
    const response = await call(t, supervisor.headers, 'POST', '/api/v1/trust/entities', { name: 'Bộ Công an (thử)', slug: 'bo-cong-an-thu', domains: ['bocongan-thu.example.vn'], website: 'https://bocongan-thu.example.vn/' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ slug: 'bo-cong-an-thu', status: 'listed', badge: null, badgeUrl: null, criteriaMet: [] });
    expect((await check(t, 'bocongan-thu.example.vn')).verdict).toBe('unknown');
    const listed = await call(t, {}, 'GET', '/api/v1/trust/entities?q=cong%20an');
    expect(listed.json<{ items: { slug: string }[] }>().items.map((i) => i.slug)).toContain('bo-cong-an-thu');
    const badge = await t.app.inject({ method: 'GET', url: '/trust/bo-cong-an-thu/badge.svg' });
    expect(badge.body).toContain('Không hợp lệ');
    expect((await call(t, analyst.headers, 'POST', '/api/v1/trust/entities', { name: 'Một bộ khác' })).statusCode).toBe(403);
    expect((await call(t, supervisor.headers, 'POST', '/api/v1/trust/entities', { name: 'X', domains: ['*.x.example.vn'] })).statusCode).toBe(400);
  });
});

/** A strict enough XML well-formedness check: balanced tags, quoted attributes, only the five entities or character references. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = token.exec(xml)) !== null) {
    end = token.lastIndex;
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray !== undefined) throw new Error(`stray < at ${match.index}`);
    for (const part of [text ?? '', attributes ?? '']) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(part)) throw new Error(`bare & in ${part}`);
      if (part === text && part.includes('>')) throw new Error('> in text');
    }
    if (name === undefined) continue;
    if (closing === '/') {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else if (selfClosing !== '/') stack.push(name);
  }
  if (end !== xml.length) throw new Error(`could not read past ${end}`);
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
}

describe('the badge', () => {
  it('is a well-formed SVG with a title, the green verified text, escaped names and safe headers', async () => {
    const granted = await approved(applicationBody({ name: 'Công ty <script>alert(1)</script> & "Cộng sự"' }));
    const response = await t.app.inject({ method: 'GET', url: `/trust/${granted.slug}/badge.svg` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const svg = response.body;
    assertWellFormedXml(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(`Đã xác thực · ${granted.badge}`);
    expect(svg).toContain('Tín nhiệm mạng');
    expect(svg).toContain('#1e6b34');
    expect(svg).toContain('<title>Tín nhiệm mạng — Công ty &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Cộng sự&quot;: Đã xác thực');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/<style|on\w+=|href=/i);
    const english = await t.app.inject({ method: 'GET', url: `/trust/${granted.slug}/badge.svg?lang=en` });
    expect(english.body).toContain(`Verified · ${granted.badge}`);
  });

  it('answers an unknown slug, an application and a malformed slug with the grey "not valid" badge', async () => {
    const pending = await apply();
    for (const slug of ['khong-ton-tai', pending.slug, 'KHÔNG_HỢP_LỆ']) {
      const response = await t.app.inject({ method: 'GET', url: `/trust/${encodeURIComponent(slug)}/badge.svg` });
      expect(response.statusCode).toBe(200);
      assertWellFormedXml(response.body);
      expect(response.body).toContain('Không hợp lệ');
      expect(response.body).toContain('#4a5563');
      expect(response.body).not.toContain('Ngân hàng');
    }
  });
});

describe('permissions', () => {
  it('an analyst records findings but cannot decide; provincial staff, other kinds and anonymous callers are refused', async () => {
    const created = await apply();
    expect((await decide(analyst.headers, created.id, 'approve')).statusCode).toBe(403);
    expect((await decide(analyst.headers, created.id, 'reject', 'Không đủ điều kiện.')).statusCode).toBe(403);
    for (const outsider of [provincialSupervisor, platformAdmin]) {
      expect((await call(t, outsider.headers, 'GET', '/api/v1/trust/applications')).statusCode).toBe(403);
      expect((await call(t, outsider.headers, 'GET', `/api/v1/trust/applications/${created.id}`)).statusCode).toBe(403);
      expect((await call(t, outsider.headers, 'GET', `/api/v1/trust/applications/${created.id}/contact`)).statusCode).toBe(403);
      expect((await finding(outsider.headers, created.id, 'consent', { finding: 'met' })).statusCode).toBe(403);
      expect((await decide(outsider.headers, created.id, 'approve')).statusCode).toBe(403);
      expect((await call(t, outsider.headers, 'POST', '/api/v1/trust/entities', { name: 'Ngoài' })).statusCode).toBe(403);
    }
    expect((await call(t, {}, 'GET', '/api/v1/trust/applications')).statusCode).toBe(401);
    expect((await call(t, {}, 'GET', `/api/v1/trust/applications/${created.id}`)).statusCode).toBe(401);
    expect((await finding({}, created.id, 'consent', { finding: 'met' })).statusCode).toBe(401);
    expect((await decide({}, created.id, 'approve')).statusCode).toBe(401);
    expect((await call(t, {}, 'POST', '/api/v1/trust/entities', { name: 'Ẩn danh' })).statusCode).toBe(401);
    expect((await call(t, {}, 'GET', '/api/v1/trust/entities')).statusCode).toBe(200);
    const [row] = await rows<{ status: string }>(t, 'select status from trust_entities where id = $1', [created.id]);
    expect(row?.status).toBe('applied');
  });

  it('a national token needs the trust:write scope; staff without two-factor are refused', async () => {
    const created = await apply();
    const orgId = nationalId;
    const scoped = await t.token(orgId, ['trust:write']);
    expect((await finding(scoped, created.id, 'consent', { finding: 'met' })).statusCode).toBe(200);
    const unscoped = await t.token(orgId, ['indicators:read']);
    expect((await finding(unscoped, created.id, 'consent', { finding: 'met' })).statusCode).toBe(403);
    const halfLoggedIn = await person(t, orgId, 'supervisor', false);
    expect((await decide(halfLoggedIn.headers, created.id, 'reject', 'Không đủ.')).statusCode).toBe(403);
  });
});

describe('impersonation', () => {
  it('names the organisation a dangerous listing impersonates: the check carries it and its page exists', async () => {
    const bank = await call(t, supervisor.headers, 'POST', '/api/v1/trust/entities', { name: 'Ngân hàng Mạo Danh Thử', slug: 'ngan-hang-mao-danh-thu', domains: ['mao-danh-that.example.vn'] });
    expect(bank.statusCode).toBe(201);
    await list(t, [{ value: 'https://mao-danh-gia.example.com/dang-nhap', verdict: 'dangerous', categories: ['phishing', 'impersonation'] }]);
    const before = await check(t, 'https://mao-danh-gia.example.com/dang-nhap');
    expect(before.impersonates).toBeNull();
    const id = before.matches[0]?.id ?? '';
    const response = await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: 'ngan-hang-mao-danh-thu' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, verdict: 'dangerous', status: 'active', changed: true, impersonates: { slug: 'ngan-hang-mao-danh-thu', name: 'Ngân hàng Mạo Danh Thử' } });
    const after = await check(t, 'https://mao-danh-gia.example.com/dang-nhap');
    expect(after.impersonates).toEqual({ slug: 'ngan-hang-mao-danh-thu', name: 'Ngân hàng Mạo Danh Thử' });
    expect(after.matches[0]?.impersonates).toEqual({ slug: 'ngan-hang-mao-danh-thu', name: 'Ngân hàng Mạo Danh Thử' });
    expect(after.serial).toBeGreaterThan(before.serial);
    expect((await t.app.inject({ method: 'GET', url: '/trust/ngan-hang-mao-danh-thu' })).statusCode).toBe(200);
    expect((await historyOf(t, 'https://mao-danh-gia.example.com/dang-nhap')).map((h) => h.note)).toEqual([null, 'impersonates ngan-hang-mao-danh-thu']);
    const again = await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: 'ngan-hang-mao-danh-thu' });
    expect(again.json()).toMatchObject({ changed: false });
    const cleared = await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: null });
    expect(cleared.json()).toMatchObject({ changed: true, impersonates: null });
    expect((await check(t, 'https://mao-danh-gia.example.com/dang-nhap')).impersonates).toBeNull();
  });

  it('refuses an unknown or unpublished organisation, a trusted listing, an unknown indicator and callers without indicator.manage', async () => {
    const pending = await apply();
    await list(t, [{ value: 'gia-mao-2.example.com', type: 'domain', verdict: 'dangerous', categories: ['phishing'] }]);
    const id = (await check(t, 'gia-mao-2.example.com')).matches[0]?.id ?? '';
    expect((await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: 'khong-co' })).statusCode).toBe(400);
    expect((await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: pending.slug })).statusCode).toBe(400);
    expect((await call(t, analyst.headers, 'POST', '/api/v1/indicators/00000000-0000-4000-8000-000000000000/impersonates', { entity: null })).statusCode).toBe(404);
    expect((await call(t, analyst.headers, 'POST', '/api/v1/indicators/xyz/impersonates', { entity: null })).statusCode).toBe(404);
    const granted = await approved();
    const trustedId = (await check(t, granted.body.domains[0] ?? '')).matches[0]?.id ?? '';
    expect((await call(t, analyst.headers, 'POST', `/api/v1/indicators/${trustedId}/impersonates`, { entity: null })).statusCode).toBe(409);
    expect((await call(t, platformAdmin.headers, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: null })).statusCode).toBe(403);
    expect((await call(t, {}, 'POST', `/api/v1/indicators/${id}/impersonates`, { entity: null })).statusCode).toBe(401);
  });
});
