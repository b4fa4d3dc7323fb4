// A citizen reports a scam on a phone with JavaScript turned off: the form
// comes back with a problem named, they fix it, attach a screenshot, send it,
// and follow the report by its code. Every page is checked with axe (in a
// second page with JavaScript, since axe runs as script).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPng } from '../helpers/reports.ts';
import { expectNoSeriousA11yViolations, launchBrowser, screenshot, serveTestApp, VIEWPORTS, type ServedApp } from '../helpers/browser.ts';

let t: ServedApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let checker: Page;

beforeAll(async () => {
  t = await serveTestApp();
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, baseURL: t.baseUrl, javaScriptEnabled: false });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  const scripted = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.phone, baseURL: t.baseUrl });
  checker = await scripted.newPage();
});

/** Run axe on what the JavaScript-less page shows, loaded into the scripted page on the same origin (for the stylesheet). */
async function checkA11y(): Promise<void> {
  await checker.goto('/healthz');
  await checker.setContent(await page.content(), { waitUntil: 'load' });
  expect(await checker.locator('h1').count()).toBe(1);
  await expectNoSeriousA11yViolations(checker);
}

afterAll(async () => {
  await context?.close();
  await checker?.context().close();
  await browser?.close();
  await t?.close();
});

describe('citizen report journey without JavaScript', () => {
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
