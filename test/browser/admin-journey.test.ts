// The bootstrap admin's first session, done as a person would in a real
// browser, in Vietnamese: log in, enrol two-factor, create a platform, add a
// user and an API token, read the audit log, switch language, log out.
// Every page is checked with axe and photographed on a phone and a desktop.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/modules/identity/totp.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../helpers/app.ts';
import { expectNoSeriousA11yViolations, launchBrowser, screenshot, serveTestApp, VIEWPORTS, type ServedApp } from '../helpers/browser.ts';

const ORG_NAME = 'Nền tảng Mạng Xanh';
const ORG_SLUG = 'mang-xanh';
const USER_EMAIL = 'lan.nguyen@mangxanh.vn';

let t: ServedApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // The harness clock is fixed at this instant; the test reads the same clock for TOTP codes.
  t = await serveTestApp({ start: new Date() });
  browser = await launchBrowser();
  // A Vietnamese browser, as most people who use the site have.
  context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS.desktop, baseURL: t.baseUrl });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** Photograph the current page at desktop and phone width, then restore the desktop viewport. */
async function photograph(name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** The path (and query) of the current page. */
function currentPath(): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

describe('admin journey in the browser', () => {
  it('logs in with two-factor, sets up a platform with a user and a token, audits it and logs out', async () => {
    // Home page, as anyone arrives.
    await page.goto('/');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await expectNoSeriousA11yViolations(page);
    await photograph('01-home');

    // Log in from the header.
    await page.locator('header').getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
    await expectNoSeriousA11yViolations(page);
    await photograph('02-login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();

    // First login: two-factor enrolment is compulsory.
    await page.waitForURL('**/account/two-factor?next=*');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thiết lập xác thực hai bước');
    await expectNoSeriousA11yViolations(page);
    await photograph('03-two-factor-enrol');
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The server's clock, so both sides agree on the time step.
    await page.getByLabel('Mã xác thực').fill(totpCode(secret, totpStep(t.clock.now())));
    await page.getByRole('button', { name: 'Xác nhận' }).click();

    // Administration home.
    await page.waitForURL('**/admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Quản trị');
    await expectNoSeriousA11yViolations(page);
    await photograph('04-admin');

    // Organisations: create a platform.
    await page.locator('main').getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await page.waitForURL('**/admin/orgs');
    await expectNoSeriousA11yViolations(page);
    await photograph('05-orgs');
    await page.getByLabel('Tên', { exact: true }).fill(ORG_NAME);
    await page.getByLabel('Tên ngắn (chữ thường, số, gạch ngang)').fill(ORG_SLUG);
    await page.getByLabel('Loại', { exact: true }).selectOption({ label: 'Nền tảng số' });
    await page.getByLabel('Email liên hệ').fill('trust@mangxanh.vn');
    await page.getByRole('button', { name: 'Tạo tổ chức' }).click();
    await page.waitForURL('**/admin/orgs?done=created');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã tạo tổ chức.');
    await photograph('06-org-created');

    // Open it.
    await page.getByRole('link', { name: ORG_NAME }).click();
    await page.waitForURL(/\/admin\/orgs\/[0-9a-f-]{36}$/);
    const orgId = currentPath().split('/').at(-1) ?? '';
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(ORG_NAME);
    await expectNoSeriousA11yViolations(page);
    await photograph('07-org');

    // Add a user: the one-time password is shown once.
    const userForm = page.locator(`form[action="/admin/orgs/${orgId}/users"]`);
    await userForm.getByLabel('Họ tên').fill('Nguyễn Thị Lan');
    await userForm.getByLabel('Email', { exact: true }).fill(USER_EMAIL);
    await userForm.getByLabel('Vai trò').selectOption({ label: 'Quản trị tổ chức' });
    await userForm.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.waitForURL(`**/admin/orgs/${orgId}/users`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Đã tạo người dùng ${USER_EMAIL}.`);
    const oneTimePassword = (await page.getByTestId('shown-once').textContent())?.trim() ?? '';
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);
    await expect.poll(() => page.getByRole('table', { name: 'Thành viên của tổ chức' }).textContent()).toContain(USER_EMAIL);
    await expectNoSeriousA11yViolations(page);
    await photograph('08-user-added');

    // Create an API token with two scopes: shown once, and it works against the API.
    const tokenForm = page.locator(`form[action="/admin/orgs/${orgId}/tokens"]`);
    await tokenForm.getByLabel('Tên token').fill('Đồng bộ gỡ bỏ');
    await tokenForm.getByLabel('org:read', { exact: true }).check();
    await tokenForm.getByLabel('users:read', { exact: true }).check();
    await tokenForm.getByRole('button', { name: 'Tạo token' }).click();
    await page.waitForURL(`**/admin/orgs/${orgId}/tokens`);
    const token = (await page.getByTestId('shown-once').textContent())?.trim() ?? '';
    expect(token.startsWith('antoan_')).toBe(true);
    await expect.poll(() => page.getByRole('table', { name: 'Token API của tổ chức' }).textContent()).toContain('org:read, users:read');
    await expectNoSeriousA11yViolations(page);
    await photograph('09-token-created');

    const response = await fetch(`${t.baseUrl}/api/v1/orgs/${orgId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: orgId, slug: ORG_SLUG, name: ORG_NAME, kind: 'platform' });

    // The audit log lists what was just done.
    await page.locator('header').getByRole('link', { name: 'Quản trị' }).click();
    await page.waitForURL('**/admin');
    await page.locator('main').getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    await page.waitForURL('**/admin/audit');
    const actions = await page.getByRole('table', { name: 'Các mục nhật ký, mới nhất trước' }).locator('tbody td:nth-child(4)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['org.create', 'user.create', 'token.create']));
    await expectNoSeriousA11yViolations(page);
    await photograph('10-audit');

    // English once, via the header link, and back.
    await page.locator('header').getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/admin/audit');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Administration' }).count()).toBe(1);
    expect(await page.locator('header').getByRole('button', { name: 'Log out' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await photograph('11-audit-en');
    await page.locator('header').getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.waitForURL('**/admin/audit');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Nhật ký kiểm toán');

    // Log out: administration is closed again.
    await page.locator('header').getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('header').getByRole('link', { name: 'Đăng nhập', exact: true }).count()).toBe(1);
    await page.goto('/admin');
    await page.waitForURL('**/login?next=%2Fadmin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
    await photograph('12-logged-out');
  });
});
