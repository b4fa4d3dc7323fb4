// An advisory from subscription to inbox, in Chromium, against the app listening on a real port
// with a worker (the notification engine delivers every 100 ms) and a local SMTP server:
//   1. a citizen subscribes to scam advisories on a phone, gets the confirmation email, follows
//      its link and presses the button;
//   2. an analyst of the national authority logs in with two-factor, writes a bilingual advisory
//      in Markdown, saves the draft and sends it for review;
//   3. a supervisor of the same authority logs in with two-factor and approves it: it is published;
//   4. the public list and page show it in Vietnamese, and in English with the link to the other language;
//   5. the subscriber's email arrives with the one-click unsubscribe headers, and the Atom feed has it.
// Every page is checked with axe.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/modules/identity/totp.ts';
import { expectNoSeriousA11yViolations, journeyContext, launchBrowser, screenshot, serveTestApp, VIEWPORTS, type ServedApp } from '../helpers/browser.ts';
import { startSmtpServer, type ReceivedMail, type SmtpTestServer } from '../helpers/smtp.ts';

const CITIZEN_EMAIL = 'nguoi.dan.dang.ky@example.vn';
const STAFF_PASSWORD = 'mat-khau-can-bo-canh-bao-2026';
const TITLE_VI = 'Giả mạo tin nhắn ngân hàng đòi mã OTP';
const TITLE_EN = 'Fake bank text messages asking for OTP codes';
const BOLD_VI = 'Không bấm vào đường dẫn lạ';
const BOLD_EN = 'Do not open unknown links';
const GUIDE_URL = 'https://nganhang.example.vn/huong-dan-an-toan';
const BODY_VI = `Kẻ gian gửi tin nhắn mạo danh ngân hàng, báo tài khoản bị khoá và dẫn tới trang đăng nhập giả.\n\n**${BOLD_VI}** và không cung cấp mã OTP cho bất kỳ ai. Xem [hướng dẫn của ngân hàng](${GUIDE_URL}).`;
const BODY_EN = `Criminals send text messages posing as banks, saying the account is locked and leading to a fake login page.\n\n**${BOLD_EN}** and never give an OTP code to anyone. See [the bank’s guidance](${GUIDE_URL}).`;

let smtp: SmtpTestServer;
let t: ServedApp;
let browser: Browser;
let citizen: BrowserContext;
let analyst: BrowserContext;
let supervisor: BrowserContext;
let analystEmail: string;
let supervisorEmail: string;
let advisoryId = '';
let reference = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await serveTestApp({ worker: true, start: new Date(), config: { smtp: { url: smtp.url, from: 'An toàn <no-reply@antoan.test>' } } });
  const national = await t.org({ kind: 'authority', scope: 'national', name: 'Trung tâm Giám sát An toàn không gian mạng quốc gia' });
  analystEmail = (await t.user(national.id, 'analyst', STAFF_PASSWORD)).email;
  supervisorEmail = (await t.user(national.id, 'supervisor', STAFF_PASSWORD)).email;
  browser = await launchBrowser();
  citizen = await journeyContext(browser, t.baseUrl, 'phone', { isMobile: true, hasTouch: true });
  analyst = await journeyContext(browser, t.baseUrl, 'desktop');
  supervisor = await journeyContext(browser, t.baseUrl, 'desktop');
});

afterAll(async () => {
  await citizen?.close();
  await analyst?.close();
  await supervisor?.close();
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

/** The heading text of the page. */
async function h1(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** A definition (dd) by its term (dt) inside `scope`. */
function definition(scope: Locator, term: string): Locator {
  return scope.locator('div.definition').filter({ has: scope.page().locator('dt').getByText(term, { exact: true }) }).locator('dd');
}

/** A card (section) by its heading. */
function card(page: Page, heading: string): Locator {
  return page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
}

/** The text of the first status message (the flash after a step). */
function flash(page: Page): Promise<string | null> {
  return page.getByRole('status').first().textContent();
}

/** The first message to `to` whose subject contains `about`, waiting for it to arrive. */
async function mailTo(to: string, about: string): Promise<ReceivedMail> {
  await expect.poll(() => smtp.messages.filter((m) => m.to.includes(to) && m.subject.includes(about)).length, { timeout: 15_000, interval: 100 }).toBe(1);
  const found = smtp.messages.find((m) => m.to.includes(to) && m.subject.includes(about));
  if (found === undefined) throw new Error(`no mail to ${to} about ${about}`);
  return found;
}

/** The one link in a mail's text that starts with the instance's public address and has `path`. */
function linkIn(mail: ReceivedMail, path: string): URL {
  const links = (mail.text.match(/https?:\/\/\S+/g) ?? []).map((link) => new URL(link)).filter((url) => url.pathname === path);
  expect(links, `links to ${path} in:\n${mail.text}`).toHaveLength(1);
  const [link] = links as [URL];
  // The mail names the configured public address; the browser opens the same path on the test server.
  expect(link.origin).toBe(new URL(t.config.publicUrl).origin);
  return link;
}

/** Log in as authority staff (first time: two-factor enrolment at the server's clock), landing on `next`. */
async function logIn(page: Page, email: string, next: string): Promise<void> {
  await page.goto(next);
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === next);
  expect(await h1(page)).toBe('Đăng nhập');
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(STAFF_PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => url.pathname === '/account/two-factor' && url.searchParams.get('next') === next);
  expect(await h1(page)).toBe('Thiết lập xác thực hai bước');
  await expectNoSeriousA11yViolations(page);
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Mã xác thực').fill(totpCode(secret, totpStep(t.clock.now())));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next);
}

describe('an advisory from subscription to the subscriber’s inbox, in the browser', () => {
  it('a citizen subscribes to scam advisories and confirms from the email', async () => {
    const page = await citizen.newPage();
    await page.goto('/subscribe');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await h1(page)).toBe('Đăng ký nhận cảnh báo qua email');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-01-subscribe-phone');

    await page.getByLabel('Địa chỉ email', { exact: true }).fill(CITIZEN_EMAIL);
    await page.getByRole('checkbox', { name: 'Lừa đảo', exact: true }).check();
    // The defaults: from "medium" up, in the page's language.
    expect(await page.getByLabel('Mức độ tối thiểu').inputValue()).toBe('medium');
    expect(await page.getByRole('radio', { name: 'Tiếng Việt', exact: true }).isChecked()).toBe(true);
    // The form refuses a post sooner than 3 s after it was rendered, by the server's clock.
    t.clock.advance(10_000);
    await page.locator('main').getByRole('button', { name: 'Đăng ký', exact: true }).tap();
    await page.waitForURL((url) => url.pathname === '/subscribe/sent');
    expect(await h1(page)).toBe('Hãy kiểm tra hộp thư');
    // The same neutral page for every address: it never names the address.
    expect(await page.content()).not.toContain(CITIZEN_EMAIL);
    await expectNoSeriousA11yViolations(page);

    const confirmation = await mailTo(CITIZEN_EMAIL, 'Xác nhận đăng ký nhận cảnh báo');
    expect(confirmation.subject).toBe('[antoan] Xác nhận đăng ký nhận cảnh báo');
    expect(confirmation.headers.from).toContain('no-reply@antoan.test');
    expect(confirmation.text).toContain('cảnh báo thuộc các loại Lừa đảo, từ mức độ Trung bình trở lên, bằng tiếng Việt');
    const link = linkIn(confirmation, '/subscriptions/confirm');
    expect(link.searchParams.get('token')).toBeTruthy();

    // Opening the link only shows what would be confirmed and a button (mail scanners open links too).
    await page.goto(`${link.pathname}${link.search}`);
    expect(await h1(page)).toBe('Xác nhận đăng ký nhận cảnh báo');
    const main = page.locator('main');
    expect(await definition(main, 'Loại cảnh báo').textContent()).toBe('Lừa đảo');
    expect(await definition(main, 'Mức độ tối thiểu').textContent()).toBe('Trung bình');
    expect(await definition(main, 'Ngôn ngữ').textContent()).toBe('Tiếng Việt');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-02-confirm-phone');
    await main.getByRole('button', { name: 'Xác nhận', exact: true }).tap();
    await page.waitForURL((url) => url.pathname === '/subscriptions/confirmed');
    expect(await h1(page)).toBe('Đã xác nhận');
    await expectNoSeriousA11yViolations(page);

    // The link works once.
    await page.goto(`${link.pathname}${link.search}`);
    expect(await h1(page)).toBe('Liên kết không dùng được');
    await expectNoSeriousA11yViolations(page);
    await page.close();
  });

  it('an analyst of the national authority logs in with two-factor, writes the advisory in both languages and sends it for review', async () => {
    const page = await analyst.newPage();
    await logIn(page, analystEmail, '/advisories/new');
    expect(await h1(page)).toBe('Soạn cảnh báo mới');
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('Tiêu đề (tiếng Việt)', { exact: true }).fill(TITLE_VI);
    await page.getByLabel('Nội dung (tiếng Việt, Markdown)', { exact: true }).fill(BODY_VI);
    await page.getByLabel('Tiêu đề (tiếng Anh)', { exact: true }).fill(TITLE_EN);
    await page.getByLabel('Nội dung (tiếng Anh, Markdown)', { exact: true }).fill(BODY_EN);
    await page.getByLabel('Mức độ', { exact: true }).selectOption('high');
    await page.getByRole('checkbox', { name: 'Lừa đảo', exact: true }).check();
    await page.getByRole('radio', { name: 'Công khai cho mọi người', exact: true }).check();
    await screenshot(page, 'advisory-03-form-desktop');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();

    await page.waitForURL(/\/advisories\/manage\/[0-9a-f-]{36}\?done=created$/);
    advisoryId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await expect.poll(() => flash(page)).toContain('Đã lưu bản nháp.');
    reference = /CB-\d{6}/.exec(await h1(page))?.[0] ?? '';
    expect(await h1(page)).toBe(`${reference} · ${TITLE_VI}`);
    const facts = card(page, 'Thông tin cảnh báo');
    expect(await definition(facts, 'Trạng thái').textContent()).toBe('Bản nháp');
    expect(await definition(facts, 'Mức độ').textContent()).toBe('Mức độ: Cao');
    expect(await definition(facts, 'Loại vi phạm').textContent()).toBe('Lừa đảo');
    expect(await definition(facts, 'Đối tượng nhận').textContent()).toBe('Công khai cho mọi người');
    // Both languages, the Markdown rendered.
    expect(await page.locator('.advisory-body[lang="vi"] strong').textContent()).toBe(BOLD_VI);
    expect(await page.locator('.advisory-body[lang="en"] strong').textContent()).toBe(BOLD_EN);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-04-draft-desktop');

    await page.getByRole('button', { name: 'Gửi duyệt', exact: true }).click();
    await page.waitForURL(`**/advisories/manage/${advisoryId}?done=submitted`);
    await expect.poll(() => flash(page)).toContain('Đã gửi duyệt.');
    expect(await definition(facts, 'Trạng thái').textContent()).toBe('Chờ duyệt');
    // The analyst may not approve (an analyst cannot; nor can an author approve their own).
    expect(await page.getByRole('button', { name: 'Phê duyệt và công bố' }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // Not public while in review, and nobody was emailed about it.
    expect((await fetch(`${t.baseUrl}/advisories/${reference}`)).status).toBe(404);
    expect(smtp.messages.filter((m) => m.subject.includes(TITLE_VI))).toEqual([]);
    await page.close();
  });

  it('a supervisor of the same authority logs in with two-factor and approves it: it is published', async () => {
    const page = await supervisor.newPage();
    await logIn(page, supervisorEmail, '/advisories/manage');
    expect(await h1(page)).toBe('Quản lý cảnh báo');
    const list = page.getByRole('table', { name: 'Cảnh báo của cơ quan, mới thay đổi trước' });
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
    expect(await row.textContent()).toContain(TITLE_VI);
    expect(await row.textContent()).toContain('Chờ duyệt');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-05-manage-desktop');

    await row.getByRole('link', { name: reference, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/advisories/manage/${advisoryId}`);
    expect(await h1(page)).toBe(`${reference} · ${TITLE_VI}`);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Phê duyệt và công bố' }).click();
    await page.waitForURL(`**/advisories/manage/${advisoryId}?done=published`);
    await expect.poll(() => flash(page)).toContain('Đã phê duyệt và công bố cảnh báo.');
    const facts = card(page, 'Thông tin cảnh báo');
    expect(await definition(facts, 'Trạng thái').textContent()).toBe('Đã công bố');
    expect(await definition(facts, 'Công bố lúc').getByRole('link', { name: 'Mở trang công khai' }).getAttribute('href')).toBe(`/advisories/${reference}`);
    expect(await page.locator('ol.timeline').textContent()).toMatch(/Tạo bản nháp[\s\S]*Gửi duyệt[\s\S]*Phê duyệt/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-06-published-desktop');
    await page.close();
  });

  it('the public list and page show it in Vietnamese, and in English', async () => {
    const page = await citizen.newPage();
    await page.goto('/advisories');
    expect(await h1(page)).toBe('Cảnh báo');
    const list = page.getByRole('list', { name: 'Danh sách cảnh báo' });
    const item = list.getByRole('listitem').filter({ hasText: reference });
    expect(await item.getByRole('heading', { level: 2 }).textContent()).toBe(TITLE_VI);
    expect(await item.textContent()).toContain('Mức độ: Cao');
    expect(await item.textContent()).toContain('Lừa đảo');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-07-list-phone');

    await item.getByRole('link', { name: TITLE_VI }).tap();
    await page.waitForURL((url) => url.pathname === `/advisories/${reference}`);
    expect(await h1(page)).toBe(TITLE_VI);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    const main = page.locator('main');
    expect(await definition(main, 'Số cảnh báo').textContent()).toBe(reference);
    expect(await definition(main, 'Mức độ').textContent()).toBe('Cao');
    expect(await definition(main, 'Loại vi phạm').textContent()).toBe('Lừa đảo');
    const body = page.locator('.advisory-body');
    expect(await body.getAttribute('lang')).toBe('vi');
    expect(await body.locator('strong').textContent()).toBe(BOLD_VI);
    const guide = body.getByRole('link', { name: 'hướng dẫn của ngân hàng' });
    expect(await guide.getAttribute('href')).toBe(GUIDE_URL);
    expect(await guide.getAttribute('rel')).toBe('nofollow noopener noreferrer');
    expect(await body.textContent()).not.toContain('**');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-08-page-phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshot(page, 'advisory-08-page-desktop');
    await page.setViewportSize(VIEWPORTS.phone);

    // The page's own link to the other language.
    await page.getByRole('link', { name: 'Read this advisory in English' }).tap();
    await page.waitForURL((url) => url.pathname === `/advisories/${reference}` && url.searchParams.get('lang') === 'en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(await h1(page)).toBe(TITLE_EN);
    expect(await definition(main, 'Severity').textContent()).toBe('High');
    expect(await body.getAttribute('lang')).toBe('en');
    expect(await body.locator('strong').textContent()).toBe(BOLD_EN);
    expect(await body.getByRole('link', { name: 'the bank’s guidance' }).getAttribute('href')).toBe(GUIDE_URL);
    expect(await main.textContent()).not.toContain(TITLE_VI);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'advisory-09-page-en-phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshot(page, 'advisory-09-page-en-desktop');
    await page.close();
  });

  it('the subscriber’s email arrives with the link and one-click unsubscribe headers, and the Atom feed has the entry', async () => {
    const mail = await mailTo(CITIZEN_EMAIL, TITLE_VI);
    expect(mail.subject).toBe(`[antoan] Cảnh báo ${reference} (mức Cao): ${TITLE_VI}`);
    expect(mail.headers.from).toContain('no-reply@antoan.test');
    expect(mail.text).toContain(`Cảnh báo ${reference} · Mức độ: Cao · Loại: Lừa đảo`);
    // The body as plain text: the bold words without their markup, the link's address spelled out.
    expect(mail.text).toContain(`${BOLD_VI} và không cung cấp mã OTP`);
    expect(mail.text).toContain(`hướng dẫn của ngân hàng (${GUIDE_URL})`);
    expect(mail.text).not.toContain('**');
    // Only the subscriber's language.
    expect(mail.text).not.toContain(TITLE_EN);
    const pageLink = linkIn(mail, `/advisories/${reference}`);
    const unsubscribeLink = linkIn(mail, '/subscriptions/unsubscribe');
    expect(mail.headers['list-unsubscribe']).toBe(`<${unsubscribeLink.href}>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // The subscriber received two messages in all: the confirmation and this one.
    expect(smtp.messages.filter((m) => m.to.includes(CITIZEN_EMAIL))).toHaveLength(2);

    const page = await citizen.newPage();
    // The advisory link opens the advisory page.
    await page.goto(`${pageLink.pathname}${pageLink.search}`);
    expect(await h1(page)).toBe(TITLE_VI);
    expect(await page.locator('.advisory-body strong').textContent()).toBe(BOLD_VI);
    await expectNoSeriousA11yViolations(page);
    // The unsubscribe link opens a page with a button (pressed by nobody here).
    await page.goto(`${unsubscribeLink.pathname}${unsubscribeLink.search}`);
    expect(await h1(page)).toBe('Hủy đăng ký nhận cảnh báo');
    expect(await page.locator('main').getByRole('button', { name: 'Hủy đăng ký' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await page.close();

    const feed = await fetch(`${t.baseUrl}/feeds/advisories.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const atom = await feed.text();
    expect(atom).toContain(`<id>urn:uuid:${advisoryId}</id>`);
    expect(atom).toContain(`<title type="text">${TITLE_VI}</title>`);
    expect(atom).toContain(`${t.config.publicUrl}/advisories/${reference}?lang=vi`);
    expect(atom).toContain(`&lt;strong&gt;${BOLD_VI}&lt;/strong&gt;`);
    const english = await (await fetch(`${t.baseUrl}/feeds/advisories.atom?lang=en`)).text();
    expect(english).toContain(`<title type="text">${TITLE_EN}</title>`);
    expect(english).toContain(`&lt;strong&gt;${BOLD_EN}&lt;/strong&gt;`);
  });
});
