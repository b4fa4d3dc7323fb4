import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/modules/audit/index.ts';
import { ruleAt } from '../src/modules/rules/service.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody } from './helpers/form-posts.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  t = await createTestApp();
  const headers = await t.adminHeaders();
  admin = { cookie: headers.cookie, csrf: headers['x-csrf-token'] };
});
afterAll(async () => {
  await t.close();
});

const page = (url: string, extra: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie, ...extra } });
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: admin.csrf, ...fields }) });

describe('staff pages', () => {
  it.each([
    ['/admin', 'Quản trị'],
    ['/admin/orgs', 'Tổ chức'],
    ['/admin/rules', 'Quy định pháp lý'],
    ['/admin/audit', 'Nhật ký kiểm toán'],
    ['/admin/audit/verify', 'Chuỗi nguyên vẹn'],
    ['/docs', 'Tài liệu API'],
  ])('%s renders in Vietnamese by default', async (url, heading) => {
    const response = await page(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<html lang="vi"');
    expect(response.body).toContain(heading);
  });

  it('switches to English from Accept-Language, then from the cookie the switch sets', async () => {
    expect((await page('/admin/rules', { 'accept-language': 'en-US,en;q=0.9' })).body).toContain('Legal rules');
    const to = await t.app.inject({ method: 'GET', url: '/lang?to=en&next=%2Fadmin%2Frules' });
    expect(to.statusCode).toBe(303);
    expect(to.headers.location).toBe('/admin/rules');
    const cookie = to.cookies.find((c) => c.name === 'antoan_lang');
    expect(cookie?.value).toBe('en');
    const english = await page('/admin/rules', { cookie: `${admin.cookie}; antoan_lang=en` });
    expect(english.body).toContain('<html lang="en"');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example'])('never redirects the language switch off-site (%s)', async (next) => {
    const response = await t.app.inject({ method: 'GET', url: `/lang?to=en&next=${encodeURIComponent(next)}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('adds a rule version from the form, audited, and applies it', async () => {
    const response = await post('/admin/rules', { key: 'incident.full_report', value: '48', unit: 'hours', validFrom: '2027-06-01', citation: 'Decree 123/2027 (test)', note: 'test' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/rules?done=added');
    const version = await ruleAt(t.database.db, 'incident.full_report', new Date('2027-06-01T00:00:00+07:00'));
    expect(version).toMatchObject({ value: 48, unit: 'hours', citation: 'Decree 123/2027 (test)' });
    expect(await ruleAt(t.database.db, 'incident.full_report', new Date('2027-05-31T23:59:59+07:00'))).toMatchObject({ value: 72 });
    const audit = await listAuditEntries(t.database.db, { action: 'rule.add' }, 5);
    expect(audit[0]?.summary).toMatchObject({ key: 'incident.full_report', value: 48 });
  });

  it('re-renders the rule form with the problem and stores nothing for a bad value', async () => {
    const before = (await t.database.sql.executeSql('select count(*)::int as n from rule_versions')).rows[0];
    const response = await post('/admin/rules', { key: 'incident.full_report', value: 'forty-eight', unit: 'hours', validFrom: '2027-07-01', citation: 'Decree 1/2027' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('a number or a JSON object');
    expect(response.body).toContain('value="forty-eight"');
    expect((await t.database.sql.executeSql('select count(*)::int as n from rule_versions')).rows[0]).toEqual(before);
  });

  it('shows a one-time password once, and that user must change it at first login', async () => {
    const org = await t.org({ kind: 'telecom' });
    const response = await post(`/admin/orgs/${org.id}/users`, { displayName: 'Trần Văn Bình', email: 'binh@example.vn', role: 'responder' });
    expect(response.statusCode).toBe(200);
    const password = /data-testid="shown-once">([^<]+)</.exec(response.body)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await page(`/admin/orgs/${org.id}`)).body).not.toContain(password);

    const login = await t.app.inject({ method: 'GET', url: '/login' });
    const csrfCookie = login.cookies.find((c) => c.name === 'antoan_csrf')?.value ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';
    const loggedIn = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: `antoan_csrf=${csrfCookie}`, 'content-type': FORM_CONTENT_TYPE },
      payload: formBody({ _csrf: csrf, email: 'binh@example.vn', password: password ?? '' }),
    });
    expect(loggedIn.statusCode).toBe(303);
    expect(loggedIn.headers.location).toBe('/account/password');
    const session = loggedIn.cookies.find((c) => c.name === 'antoan_session')?.value ?? '';
    const blocked = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: `antoan_session=${session}` } });
    expect(blocked.headers.location).toBe('/account/password');
  });
});
