// A takedown in Chromium, against the app listening on a real port:
//   1. a national analyst opens a verified case and issues a removal request to a platform from it;
//   2. the platform's responder logs in, finds it in the inbox, acknowledges it and answers
//      "actioned" with proof;
//   3. the public transparency page shows the statement of reasons;
//   4. the citizen's tracking page says the content was removed by that platform.
// Every page is checked with axe.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSessionCookie, expectNoSeriousA11yViolations, journeyContext, launchBrowser, screenshot, serveTestApp, type ServedApp } from '../helpers/browser.ts';
import { newCase, person } from '../helpers/cases.ts';

const SCAM_PAGE = 'https://mxh-vidu.vn/qua-tang-ngan-hang';
const PLATFORM = 'Mạng xã hội Ví dụ';
const RESPONDER_PASSWORD = 'mat-khau-cua-nguoi-xu-ly';
const STATEMENT = 'Trang giả danh ngân hàng, yêu cầu người dùng nhập mã OTP để nhận quà.';

let t: ServedApp;
let browser: Browser;
let staff: BrowserContext;
let platformSide: BrowserContext;
let citizen: BrowserContext;
let caseId: string;
let ticket: string;
let responderEmail: string;

beforeAll(async () => {
  t = await serveTestApp({ start: new Date() });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const analyst = await person(t, national.id, 'analyst');
  const platform = await t.org({ kind: 'platform', name: PLATFORM });
  const responder = await t.user(platform.id, 'responder', RESPONDER_PASSWORD);
  responderEmail = responder.email;
  const reported = await newCase(t, { category: 'scam', targets: [{ value: SCAM_PAGE }], description: 'Trang này xin mã OTP của tôi để nhận quà.' });
  caseId = reported.id;
  ticket = reported.ticket;
  browser = await launchBrowser();
  staff = await journeyContext(browser, t.baseUrl, 'desktop');
  platformSide = await journeyContext(browser, t.baseUrl, 'desktop');
  citizen = await journeyContext(browser, t.baseUrl, 'phone');
  await addSessionCookie(staff, analyst.headers);
});

afterAll(async () => {
  await staff?.close();
  await platformSide?.close();
  await citizen?.close();
  await browser?.close();
  await t?.close();
});

describe('a takedown from case to transparency in the browser', () => {
  it('an analyst issues a removal request from a case', async () => {
    const page = await staff.newPage();
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('link', { name: 'Yêu cầu gỡ bỏ, chặn' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/takedowns/new');
    // The case's target and category come along.
    expect(await page.getByLabel('Đối tượng cần xử lý').inputValue()).toContain(SCAM_PAGE);
    expect(await page.getByLabel('Loại vi phạm').inputValue()).toBe('scam');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Bên nhận', { exact: true }).selectOption({ label: PLATFORM });
    await page.getByLabel('Việc cần làm').selectOption('remove_content');
    await page.getByLabel('Căn cứ pháp lý').fill('Nghị định 147/2024/NĐ-CP, Điều 24');
    await page.getByLabel('Lý do và tình tiết').fill(STATEMENT);
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect.poll(() => page.url()).toMatch(/\/takedowns\/[0-9a-f-]{36}\?done=issued/);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/YC-\d{6}/);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Decree 147\/2024/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'takedown-01-issued-desktop');
    await page.close();
  });

  it('the platform’s responder logs in, acknowledges and answers “actioned” with proof', async () => {
    const page = await platformSide.newPage();
    await page.goto('/login?next=%2Forg%2Ftakedowns');
    await page.getByLabel('Email', { exact: true }).fill(responderEmail);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(RESPONDER_PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/org/takedowns');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'takedown-02-inbox-desktop');

    await page.getByRole('link', { name: /YC-\d{6}/ }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/org\/takedowns\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('main').textContent()).toContain(STATEMENT);
    await expectNoSeriousA11yViolations(page);
    await page.locator('main').getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Đã xác nhận đã nhận yêu cầu/);

    await page.getByRole('radio', { name: 'Đã xử lý', exact: true }).check();
    await page.getByLabel('Ghi chú', { exact: true }).fill('Đã gỡ trang và khoá khả năng đăng lại đường dẫn này.');
    await page.getByLabel('Cách kiểm chứng').fill(`${SCAM_PAGE} hiện trả về 404`);
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Đã ghi nhận trả lời/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'takedown-03-answered-desktop');
    await page.close();
  });

  it('the public transparency page shows the statement, and the citizen’s tracking page says the platform removed the content', async () => {
    const page = await citizen.newPage();
    await page.goto('/transparency');
    const statements = page.getByRole('table', { name: /Các quyết định đã công bố/ });
    await expect.poll(() => statements.textContent()).toContain(PLATFORM);
    await expect.poll(() => statements.textContent()).toContain(STATEMENT);
    // A statement of reasons never names the target.
    expect(await page.locator('main').textContent()).not.toContain('qua-tang-ngan-hang');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'takedown-04-transparency-phone');

    await page.goto(`/track/${ticket}`);
    await expect.poll(() => page.locator('main').textContent()).toContain(`${PLATFORM}: Gỡ bỏ nội dung`);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Đã có biện pháp xử lý/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'takedown-05-tracking-phone');
    await page.close();
  });
});
