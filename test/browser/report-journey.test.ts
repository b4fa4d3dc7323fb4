// A report's whole journey in Chromium, against a real `antoan serve` process
// (web and worker roles, so reports are grouped into cases and emails are
// dropped as .eml files, as in production without SMTP):
//   1. a citizen on a phone reports a scam link and a phone number with a
//      screenshot, and lands on the tracking page;
//   2. a second citizen reports the same link written differently;
//   3. an analyst of the national authority logs in with two-factor, finds the
//      one case holding both reports, looks at the evidence, claims the case and
//      verifies it with a statement of reasons;
//   4. the first citizen sees the verified status and the decision.
// A last journey sends a report with JavaScript turned off and comes back to it
// by its code. Every page is checked with axe.
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusWords } from '../../src/modules/reports/messages.ts';
import { totpCode, totpStep } from '../../src/modules/identity/totp.ts';
import { expectNoSeriousA11yViolations, launchBrowser, screenshot, serveTestApp, VIEWPORTS, type ServedApp } from '../helpers/browser.ts';
import { createInstance, killAllChildren, runCli, startServer, type Instance, type ServerProcess } from '../helpers/process.ts';
import { tinyPng } from '../helpers/reports.ts';
import { parseMail } from '../helpers/smtp.ts';

const TICKET = /AT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const ANALYST_EMAIL = 'minh.tran@quocgia.gov.vn';
const ANALYST_PASSWORD = 'phan-tich-vien-mat-khau-2026';
const CONTACT = 'nguoi.dan@example.vn';
const EVIDENCE_NAME = 'tin-nhan-lua-dao.png';
const LEGAL_BASIS = 'Điều 174 Bộ luật Hình sự 2015; Điều 8 khoản 1 Luật An ninh mạng 2018';
const FACTS = 'Trang http://example.com/login giả giao diện đăng nhập ngân hàng; số 0912 345 678 nhắn tin dẫn người dân vào trang. Hai người dân phản ánh độc lập.';
// The form refuses a submission sent less than 3 s after it was rendered (anti-bot stamp).
const FORM_MIN_MS = 3_200;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A definition (dd) by its term (dt) inside `scope`. */
function definition(scope: Locator, term: string): Locator {
  return scope.locator('div.definition').filter({ has: scope.page().locator('dt').getByText(term, { exact: true }) }).locator('dd');
}

/** A card (section) by its heading. */
function card(page: Page, heading: string | RegExp): Locator {
  return page.locator('section', { has: page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }) });
}

/** The heading text of the page. */
async function h1(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

describe('a report from a phone to a verified case (real server)', () => {
  let instance: Instance;
  let server: ServerProcess;
  let evidenceDir: string;
  let evidencePath: string;
  let citizen: BrowserContext;
  let other: BrowserContext;
  let analyst: BrowserContext;
  let page: Page;
  let ticket = '';
  let otherTicket = '';
  let caseRef = '';

  beforeAll(async () => {
    instance = await createInstance();
    // The first command on an empty instance migrates and bootstraps the national authority
    // (`quoc-gia`); the analyst joins it. Before `serve`: embedded PGlite allows one process.
    const created = await runCli(['user', 'create', '--org', 'quoc-gia', '--email', ANALYST_EMAIL, '--name', 'Trần Văn Minh', '--role', 'analyst', '--password', ANALYST_PASSWORD], instance.env);
    expect(created.code, created.stderr).toBe(0);
    server = await startServer(instance.env);

    evidenceDir = await mkdtemp(path.join(tmpdir(), 'antoan-evidence-'));
    evidencePath = path.join(evidenceDir, EVIDENCE_NAME);
    await writeFile(evidencePath, tinyPng());

    // A phone, in Vietnamese, as most people who report use the site.
    citizen = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, deviceScaleFactor: 3, isMobile: true, hasTouch: true, baseURL: server.url });
    citizen.setDefaultTimeout(20_000);
    citizen.setDefaultNavigationTimeout(30_000);
    page = await citizen.newPage();
  });

  afterAll(async () => {
    await citizen?.close();
    await other?.close();
    await analyst?.close();
    await server?.stop();
    await killAllChildren();
    await instance?.destroy();
    if (evidenceDir !== undefined) await rm(evidenceDir, { recursive: true, force: true });
  });

  /** Fill in and send the report form on `on` (already at /report); returns the ticket shown. */
  async function sendReport(on: Page, input: { targets: string; description: string; evidence?: string; contact?: string; shot?: string }): Promise<string> {
    const openedAt = Date.now();
    await on.getByRole('radio', { name: 'Lừa đảo', exact: true }).check();
    await on.getByLabel('Đối tượng bị phản ánh').fill(input.targets);
    await on.getByLabel('Mô tả sự việc').fill(input.description);
    if (input.evidence !== undefined) await on.getByLabel('Bằng chứng (không bắt buộc)').setInputFiles(input.evidence);
    if (input.contact !== undefined) await on.getByLabel('Email hoặc số điện thoại của bạn (không bắt buộc)').fill(input.contact);
    if (input.shot !== undefined) await screenshot(on, input.shot);
    const wait = openedAt + FORM_MIN_MS - Date.now();
    if (wait > 0) await on.waitForTimeout(wait);
    await on.getByRole('button', { name: 'Gửi phản ánh' }).tap();
    await on.waitForURL(/\/track\/AT-[0-9A-Z-]+\?new=1$/);
    const shown = TICKET.exec((await on.getByRole('status').filter({ hasText: 'Đã gửi phản ánh' }).textContent()) ?? '')?.[0] ?? '';
    expect(new URL(on.url()).pathname).toBe(`/track/${shown}`);
    return shown;
  }

  /** The messages the server dropped as .eml files so far (no SMTP URL is configured). */
  async function droppedMail(): Promise<ReturnType<typeof parseMail>[]> {
    const dir = path.join(instance.dataDir, 'mail');
    const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.eml')).sort();
    return Promise.all(names.map(async (n) => parseMail(await readFile(path.join(dir, n), 'utf8'))));
  }

  /** For each email about `ticket` to the first citizen, the change it tells of (its history line). */
  async function changesMailed(about: string): Promise<string[]> {
    const mails = (await droppedMail()).filter((m) => m.subject.includes(about));
    for (const m of mails) {
      expect(m.headers.to).toBe(CONTACT);
      expect(m.text).toContain(`/track/${about}`);
    }
    // The line after the greeting and the blank line.
    return mails.map((m) => m.text.split(/\r?\n/)[2] ?? '').sort();
  }

  it('a citizen on a phone reports a scam link and a phone number with a screenshot', async () => {
    await page.goto('/report');
    expect(await h1(page)).toBe('Gửi phản ánh');
    await expectNoSeriousA11yViolations(page);
    ticket = await sendReport(page, {
      targets: 'HTTP://Example.COM/a/../login\n0912 345 678',
      description: 'Tôi nhận tin nhắn từ số 0912 345 678 báo tài khoản ngân hàng bị khoá, kèm đường dẫn tới trang đăng nhập giả để lấy mật khẩu và mã OTP.',
      evidence: evidencePath,
      contact: CONTACT,
      shot: 'report-journey-01-form-phone',
    });
    expect(ticket).toMatch(TICKET);

    const status = card(page, 'Trạng thái');
    expect(await status.locator('.status-badge').textContent()).toBe(statusWords.vi.received.label);
    expect(await status.getByRole('heading', { name: 'Điều gì sẽ xảy ra tiếp theo' }).count()).toBe(1);
    expect(await status.locator('.next-step').textContent()).toBe(statusWords.vi.received.next);
    // What was reported, normalised; the contact is never shown back.
    const details = card(page, 'Nội dung phản ánh');
    expect(await definition(details, 'Mã theo dõi').textContent()).toBe(ticket);
    expect(await definition(details, 'Đối tượng').getByRole('listitem').allTextContents()).toEqual(['Đường dẫn: http://example.com/login', 'Số điện thoại: 0912 345 678']);
    expect(await definition(details, 'Bằng chứng').textContent()).toBe('1 tệp');
    expect(await page.content()).not.toContain(CONTACT);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'report-journey-02-tracking-phone');

    // The reporter left an email address: they are told the report was received.
    await expect.poll(() => changesMailed(ticket), { timeout: 15_000 }).toEqual(['Đã tiếp nhận phản ánh']);
  });

  it('a second citizen reports the same link, written differently', async () => {
    other = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true, baseURL: server.url });
    other.setDefaultTimeout(20_000);
    const otherPage = await other.newPage();
    await otherPage.goto('/report');
    otherTicket = await sendReport(otherPage, {
      targets: 'http://example.com/login',
      description: 'Có người gửi đường dẫn này qua Zalo, nói là trang của ngân hàng, bảo tôi đăng nhập để nhận hoàn tiền.',
    });
    expect(otherTicket).not.toBe(ticket);
    expect(await card(otherPage, 'Trạng thái').locator('.status-badge').textContent()).toBe(statusWords.vi.received.label);
  });

  it('an analyst logs in with two-factor, finds the case of both reports, claims it and verifies it with reasons', async () => {
    analyst = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.desktop, baseURL: server.url });
    analyst.setDefaultTimeout(20_000);
    analyst.setDefaultNavigationTimeout(30_000);
    const staff = await analyst.newPage();

    // The queue needs a login, then two-factor enrolment (compulsory for authority staff).
    await staff.goto('/cases');
    await staff.waitForURL('**/login?next=%2Fcases');
    await staff.getByLabel('Email', { exact: true }).fill(ANALYST_EMAIL);
    await staff.getByLabel('Mật khẩu', { exact: true }).fill(ANALYST_PASSWORD);
    await staff.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
    await staff.waitForURL((url) => url.pathname === '/account/two-factor' && url.searchParams.get('next') === '/cases');
    const secret = (await staff.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // A real server on the real clock: the code of the current time step.
    await staff.getByLabel('Mã xác thực').fill(totpCode(secret, totpStep(new Date())));
    await staff.getByRole('button', { name: 'Xác nhận' }).click();
    // Enrolment carries the login's `next` through: the analyst lands on the queue asked for.
    await staff.waitForURL('**/cases');
    // The main navigation leads there too.
    expect(await staff.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Vụ việc', exact: true }).getAttribute('aria-current')).toBe('page');
    // Grouping runs in the worker every half second, so look again until the case holds both reports.
    expect(await h1(staff)).toBe('Hàng đợi vụ việc');
    const queue = staff.getByRole('table', { name: 'Vụ việc, ưu tiên cao trước' });
    const headers = (await queue.getByRole('columnheader').allTextContents()).map((h) => h.trim());
    const column = (name: string) => {
      const index = headers.indexOf(name);
      expect(index, `column ${name} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const search = async (q: string) => {
      await staff.getByRole('searchbox', { name: 'Tìm kiếm' }).fill(q);
      await staff.getByRole('button', { name: 'Lọc' }).click();
      await staff.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('q') === q);
      const found: { ref: string; reports: string }[] = [];
      // An empty queue has one row that says so, without a link.
      for (const row of await queue.locator('tbody tr').all()) {
        const cells = row.getByRole('cell');
        const link = cells.nth(column('Mã')).getByRole('link');
        if ((await link.count()) === 0) continue;
        found.push({ ref: ((await link.textContent()) ?? '').trim(), reports: ((await cells.nth(column('Số phản ánh')).textContent()) ?? '').trim() });
      }
      return found;
    };
    await expect.poll(async () => (await search('example.com')).map((row) => row.reports), { timeout: 15_000, interval: 500 }).toEqual(['2']);
    caseRef = (await search('example.com'))[0]?.ref ?? '';
    expect(caseRef).toMatch(/^VV-\d+$/);
    // The phone number of the first report finds the same case.
    expect(await search('0912 345 678')).toEqual([{ ref: caseRef, reports: '2' }]);
    await expectNoSeriousA11yViolations(staff);
    await screenshot(staff, 'report-journey-03-queue-desktop');

    // The case: both reports, their targets, and the screenshot (which loads).
    await queue.getByRole('link', { name: caseRef, exact: true }).click();
    await staff.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = staff.url();
    expect(await h1(staff)).toBe(`Vụ việc ${caseRef}`);
    expect(await definition(card(staff, 'Tóm tắt'), 'Số phản ánh').textContent()).toBe('2');
    const reports = card(staff, 'Phản ánh (2)');
    expect(await reports.getByRole('article').count()).toBe(2);
    expect(await reports.textContent()).toContain('kèm đường dẫn tới trang đăng nhập giả');
    expect(await reports.textContent()).toContain('nói là trang của ngân hàng');
    // Staff see that a contact was left, never the contact itself.
    expect(await staff.content()).not.toContain(CONTACT);
    const targets = staff.getByRole('table', { name: 'Đối tượng đã chuẩn hoá của vụ việc' });
    const targetValues = await targets.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(targetValues).toEqual(expect.arrayContaining(['http://example.com/login', '+84912345678']));
    const image = reports.getByRole('img', { name: `Ảnh bằng chứng do người phản ánh gửi: ${EVIDENCE_NAME}` });
    expect(await image.getAttribute('src')).toMatch(/^\/evidence\/[0-9a-f-]+$/);
    await image.scrollIntoViewIfNeeded(); // loading="lazy"
    await expect.poll(() => image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(staff);
    await screenshot(staff, 'report-journey-04-case-desktop');

    // Claim it.
    await staff.getByRole('button', { name: 'Nhận xử lý vụ này' }).click();
    await staff.waitForURL(`${caseUrl}?done=claimed`);
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Bạn đã nhận xử lý vụ việc.');
    expect(await definition(card(staff, 'Tóm tắt'), 'Người xử lý').textContent()).toBe('Bạn');

    // Verify it with a statement of reasons.
    const verify = staff.getByRole('region', { name: 'Xác minh vi phạm' });
    await verify.getByRole('radio', { name: 'Nguy hiểm', exact: true }).check();
    await verify.getByRole('checkbox', { name: 'Lừa đảo', exact: true }).check();
    await verify.getByRole('checkbox', { name: 'Giả mạo đăng nhập (phishing)', exact: true }).check();
    await verify.getByRole('radio', { name: 'Nội dung vi phạm pháp luật', exact: true }).check();
    await verify.getByLabel('Căn cứ pháp lý').fill(LEGAL_BASIS);
    await verify.getByLabel('Sự việc và tình tiết').fill(FACTS);
    await verify.getByRole('button', { name: 'Ghi quyết định xác minh' }).click();
    await staff.waitForURL(`${caseUrl}?done=decided`);
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Đã ghi quyết định; quyết định có hiệu lực.');
    expect(await definition(card(staff, 'Tóm tắt'), 'Trạng thái').textContent()).toBe('Đã xác minh');
    const decision = card(staff, 'Quyết định').getByRole('article');
    expect(await decision.getByRole('heading').textContent()).toContain('Xác minh vi phạm');
    expect(await definition(decision, 'Kết luận').textContent()).toBe('Nguy hiểm');
    expect(await definition(decision, 'Loại vi phạm được xác minh').textContent()).toBe('Lừa đảo, Giả mạo đăng nhập (phishing)');
    expect(await definition(decision, 'Căn cứ quyết định').textContent()).toBe('Nội dung vi phạm pháp luật');
    expect(await definition(decision, 'Căn cứ pháp lý').textContent()).toBe(LEGAL_BASIS);
    expect(await definition(decision, 'Sự việc và tình tiết').textContent()).toBe(FACTS);
    await expectNoSeriousA11yViolations(staff);
    await screenshot(staff, 'report-journey-05-verified-desktop');
  });

  it('the first citizen sees the case verified, the decision and what happens next', async () => {
    await page.goto(`/track/${ticket}`);
    const status = card(page, 'Trạng thái');
    expect(await status.locator('.status-badge').textContent()).toBe(statusWords.vi.verified.label);
    expect(await status.locator('.next-step').textContent()).toBe(statusWords.vi.verified.next);
    const decision = card(page, 'Kết luận');
    expect(await definition(decision, 'Kết quả').textContent()).toBe('Đã xác minh là vi phạm');
    expect(await definition(decision, 'Mức độ').textContent()).toBe('Nguy hiểm');
    expect(await definition(decision, 'Loại vi phạm').textContent()).toBe('Lừa đảo, Giả mạo đăng nhập (phishing)');
    expect(await definition(decision, 'Căn cứ').textContent()).toBe('Nội dung vi phạm pháp luật');
    expect(await definition(decision, 'Cơ sở pháp lý').textContent()).toBe(LEGAL_BASIS);
    expect(await card(page, 'Lịch sử xử lý').getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Đã xác minh là vi phạm')]));
    // Staff-only reasoning and the case's internal reference stay inside.
    expect(await page.content()).not.toContain(FACTS);
    expect(await page.content()).not.toContain(caseRef);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'report-journey-06-verified-phone');

    // The reporter with an address is emailed once per public change; the other left none.
    await expect.poll(() => changesMailed(ticket), { timeout: 20_000 }).toEqual(['Cán bộ bắt đầu xem xét', 'Đã tiếp nhận phản ánh', 'Đã xác minh là vi phạm'].sort());
    expect((await droppedMail()).filter((m) => m.subject.includes(otherTicket))).toEqual([]);
  });
});

describe('citizen report journey without JavaScript', () => {
  let t: ServedApp;
  let context: BrowserContext;
  let page: Page;
  let checker: Page;

  beforeAll(async () => {
    t = await serveTestApp();
    context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, baseURL: t.baseUrl, javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    const scripted = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, baseURL: t.baseUrl });
    checker = await scripted.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await checker?.context().close();
    await t?.close();
  });

  /** Run axe on what the JavaScript-less page shows, loaded into the scripted page on the same origin (for the stylesheet). */
  async function checkA11y(): Promise<void> {
    await checker.goto('/healthz');
    await checker.setContent(await page.content(), { waitUntil: 'load' });
    expect(await checker.locator('h1').count()).toBe(1);
    await expectNoSeriousA11yViolations(checker);
  }

  it('sends a report with evidence and follows it by its code', async () => {
    await page.goto('/report');
    await checkA11y();
    await screenshot(page, 'report-01-form-phone');

    await page.getByLabel('Lừa đảo', { exact: true }).check();
    await page.getByLabel('Đối tượng bị phản ánh').fill('https://qua-tang-ngan-hang.example.com/nhan-qua\n\u200b');
    await page.getByLabel('Mô tả sự việc').fill('Tin nhắn báo trúng thưởng, yêu cầu đăng nhập ngân hàng và nhập mã OTP để nhận quà.');
    await page.getByLabel('Email hoặc số điện thoại của bạn (không bắt buộc)').fill('ban.doc@example.vn');
    t.clock.advance(10_000);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();

    // The form comes back with the line named and what was typed kept.
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Dòng 2');
    expect(await page.getByLabel('Mô tả sự việc').inputValue()).toContain('Tin nhắn báo trúng thưởng');
    await checkA11y();
    await screenshot(page, 'report-02-problem-phone');

    await page.getByLabel('Đối tượng bị phản ánh').fill('https://qua-tang-ngan-hang.example.com/nhan-qua\nVietcombank 0123456789');
    await page.getByLabel('Bằng chứng (không bắt buộc)').setInputFiles({ name: 'tin-nhan.png', mimeType: 'image/png', buffer: tinyPng() });
    t.clock.advance(10_000);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();

    await page.waitForURL(/\/track\/AT-[0-9A-Z-]+\?new=1$/);
    const ticket = (await page.locator('.ticket-large').textContent()) ?? '';
    expect(ticket).toMatch(/^AT-/);
    expect(await page.locator('.status-badge').textContent()).toBe('Đã tiếp nhận');
    expect(await page.content()).not.toContain('ban.doc');
    await checkA11y();
    await screenshot(page, 'report-03-tracking-phone');

    // Later, from the lookup form, typed in lower case.
    await page.goto('/track');
    await page.getByLabel('Mã theo dõi').fill(ticket.toLowerCase());
    await page.getByRole('button', { name: 'Xem trạng thái' }).click();
    await page.waitForURL(new RegExp(`/track/${ticket}$`));
    expect(await page.locator('dd', { hasText: 'tệp' }).textContent()).toBe('1 tệp');
    await checkA11y();
  });
});
