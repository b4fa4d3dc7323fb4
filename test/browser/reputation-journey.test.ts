// Network trust in Chromium, against the app listening on a real port:
//   1. a citizen on a phone checks a listed scam link (dangerous, explained), then an unlisted
//      shop (unknown, with advice), and goes on to report it with the value carried over;
//   2. the new owner of a listed domain files an appeal from the check page;
//   3. a national analyst grants it from the appeals queue;
//   4. the check now says unknown, and the telecoms' RPZ no longer holds the domain.
// Every page is checked with axe.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSessionCookie, expectNoSeriousA11yViolations, journeyContext, launchBrowser, screenshot, serveTestApp, type ServedApp } from '../helpers/browser.ts';
import { person } from '../helpers/cases.ts';
import { list } from '../helpers/reputation.ts';

const SCAM_URL = 'http://ngan-hang-qua-tang.example.com/dang-nhap';
const UNLISTED = 'https://cua-hang-moi.example.org/';
const OLD_DOMAIN = 'ten-mien-cu.example.net';
// The forms refuse a submission sent less than 3 s after they were rendered (anti-bot stamp).
const FORM_MIN_MS = 3_000;

let t: ServedApp;
let browser: Browser;
let citizen: BrowserContext;
let staff: BrowserContext;
let rpzHeaders: Record<string, string>;

beforeAll(async () => {
  t = await serveTestApp({ start: new Date() });
  await list(t, [
    { value: SCAM_URL, categories: ['scam', 'phishing'], source: 'import', sourceKey: 'import:openphish' },
    { value: OLD_DOMAIN, type: 'domain', categories: ['phishing'], source: 'import', sourceKey: 'import:chongluadao' },
  ]);
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const analyst = await person(t, national.id, 'analyst');
  const telecom = await t.org({ kind: 'telecom' });
  rpzHeaders = await t.token(telecom.id, ['feeds:read']);
  browser = await launchBrowser();
  citizen = await journeyContext(browser, t.baseUrl, 'phone');
  staff = await journeyContext(browser, t.baseUrl, 'desktop');
  await addSessionCookie(staff, analyst.headers);
});

afterAll(async () => {
  await citizen?.close();
  await staff?.close();
  await browser?.close();
  await t?.close();
});

/** Check a value from the check page's box, as a person types it. */
async function checkFromBox(page: Page, value: string): Promise<void> {
  await page.goto('/check');
  await page.getByLabel('Điều bạn muốn kiểm tra').fill(value);
  await page.locator('main').getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForURL(/\/check\?/);
}

/** The verdict heading's words. */
async function verdictWord(page: Page): Promise<string> {
  return ((await page.locator('.verdict-word').textContent()) ?? '').trim();
}

/** The anti-bot stamp counts on the app's clock, which the harness holds still: move it past the minimum. */
function letFormAge(): void {
  t.clock.advance(FORM_MIN_MS + 1_000);
}

async function rpz(): Promise<string> {
  await t.app.reputationIndex.catchUp(t.database.db);
  const response = await fetch(`${t.baseUrl}/feeds/rpz`, { headers: rpzHeaders });
  expect(response.status).toBe(200);
  return response.text();
}

describe('checking, reporting and delisting in the browser', () => {
  it('a citizen checks a listed link and an unlisted one, then reports the unlisted one', async () => {
    const page = await citizen.newPage();
    await page.goto('/');
    await page.locator('header').getByRole('link', { name: 'Kiểm tra', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/check');
    await expectNoSeriousA11yViolations(page);

    await checkFromBox(page, 'HTTP://Ngan-Hang-Qua-Tang.EXAMPLE.com/dang-nhap');
    expect(await verdictWord(page)).toBe('Nguy hiểm');
    const panel = page.locator('.verdict-panel');
    await expect.poll(() => panel.getAttribute('class')).toContain('verdict-dangerous');
    const why = page.locator('section', { has: page.getByRole('heading', { name: 'Vì sao có kết quả này' }) });
    await expect.poll(() => why.textContent()).toMatch(/Lừa đảo/);
    await expect.poll(() => why.textContent()).toMatch(/Ghi nhận lần đầu/);
    await expect.poll(() => page.locator('.check-advice').textContent()).toMatch(/OTP/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'reputation-01-dangerous-phone');

    await checkFromBox(page, UNLISTED);
    expect(await verdictWord(page)).toBe('Chưa có thông tin');
    await expect.poll(() => page.locator('.check-advice').textContent()).toMatch(/không có nghĩa là an toàn/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'reputation-02-unknown-phone');

    // "Report it" carries the value over to the report form.
    await page.getByRole('link', { name: 'Báo cáo giá trị này' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/report');
    expect(await page.getByLabel('Đối tượng bị phản ánh').inputValue()).toBe(UNLISTED);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('radio', { name: 'Lừa đảo', exact: true }).check();
    await page.getByLabel('Mô tả sự việc').fill('Cửa hàng bán điện thoại giá rẻ bất thường, nhận tiền đặt cọc rồi không giao hàng.');
    letFormAge();
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    // Wait for the tracking page to load: closing a page while its navigation is still
    // committing can leave Chromium's close unanswered (microsoft/playwright#42366).
    await page.waitForURL(/\/track\/AT-[0-9A-Z-]+\?new=1$/);
    await expect.poll(() => page.locator('main').textContent()).toContain(UNLISTED);
    await page.close();
  });

  it("a domain's new owner appeals, staff grant it, and the domain leaves the check and the RPZ", async () => {
    expect(await rpz()).toMatch(new RegExp(`^${OLD_DOMAIN.replace(/\./g, '\\.')}\\s`, 'm'));

    const owner = await citizen.newPage();
    await checkFromBox(owner, OLD_DOMAIN);
    expect(await verdictWord(owner)).toBe('Nguy hiểm');
    await owner.getByRole('link', { name: /Yêu cầu gỡ/ }).click();
    await expect.poll(() => new URL(owner.url()).pathname).toBe('/appeal');
    expect(await owner.getByLabel('Đối tượng bị đưa vào danh sách').inputValue()).toBe(OLD_DOMAIN);
    await expectNoSeriousA11yViolations(owner);
    await owner.locator('input[name="ground"][value="new_owner"]').check();
    await owner.getByLabel('Trình bày của bạn').fill('Tôi đăng ký lại tên miền này sau khi chủ cũ để hết hạn; trang hiện là blog cá nhân của tôi.');
    await owner.getByLabel('Họ tên của bạn hoặc tên tổ chức').fill('Nguyễn Thị Hoa');
    await owner.getByLabel('Email của bạn').fill('hoa.nguyen@example.vn');
    letFormAge();
    await owner.getByRole('button', { name: 'Gửi yêu cầu gỡ' }).click();
    await expect.poll(() => owner.url()).toMatch(/\/appeal\/KN-/);
    const ticket = /KN-[0-9A-Z-]+/.exec(owner.url())?.[0] ?? '';
    await expectNoSeriousA11yViolations(owner);
    await screenshot(owner, 'reputation-03-appeal-filed-phone');

    const desk = await staff.newPage();
    await desk.goto('/admin/appeals');
    await expectNoSeriousA11yViolations(desk);
    await desk.getByRole('link', { name: new RegExp(OLD_DOMAIN.replace(/\./g, '\\.')) }).first().click();
    await expect.poll(() => new URL(desk.url()).pathname).toMatch(/^\/admin\/appeals\/[0-9a-f-]{36}$/);
    await expectNoSeriousA11yViolations(desk);
    await desk.getByRole('radio', { name: 'Chấp nhận — gỡ khỏi danh sách' }).check();
    await desk.getByLabel('Lý do', { exact: false }).first().fill('Giấy đăng ký tên miền cho thấy chủ mới từ tháng này; nội dung hiện tại hợp pháp.');
    await desk.getByRole('button', { name: 'Ghi quyết định' }).click();
    await expect.poll(() => desk.locator('main').textContent()).toMatch(/Đã chấp nhận/);
    await screenshot(desk, 'reputation-04-appeal-granted-desktop');

    // The check says unknown now, and the RPZ no longer holds the domain.
    await checkFromBox(owner, OLD_DOMAIN);
    expect(await verdictWord(owner)).toBe('Chưa có thông tin');
    expect(await rpz()).not.toContain(OLD_DOMAIN);
    // The scam link is still listed: only the appealed value left.
    await checkFromBox(owner, SCAM_URL);
    expect(await verdictWord(owner)).toBe('Nguy hiểm');

    // The appellant's tracking page tells the outcome.
    await owner.goto(`/appeal/${ticket}`);
    await expect.poll(() => owner.locator('main').textContent()).toMatch(/Đã chấp nhận/);
    await expectNoSeriousA11yViolations(owner);
  });
});
