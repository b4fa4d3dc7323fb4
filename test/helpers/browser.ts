// Browser-test plumbing: a headless Debian Chromium driven by playwright-core,
// the app listening on a real port, and an axe-core accessibility check.
// The browser is never downloaded; it must come from the system package.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './app.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where journeys save their screenshots (gitignored). */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'browser', 'screenshots');

/** A phone and a desktop viewport, the two sizes every journey is looked at in. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

/** Launch the system Chromium headless; fails loudly (never skips) when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it from Debian with: apt-get update && apt-get install -y chromium (never download browsers with npx playwright install).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A Vietnamese browser context at a phone or desktop viewport against `baseURL`, with the
 * journeys' timeouts: 20 s for an action, 30 s for a navigation.
 */
export async function journeyContext(browser: Browser, baseURL: string, viewport: keyof typeof VIEWPORTS, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport: VIEWPORTS[viewport], baseURL, ...options });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Carry a harness user's session (the `cookie` header of its API calls) into a browser context. */
export async function addSessionCookie(context: BrowserContext, headers: { cookie?: string }): Promise<void> {
  const [name, value] = (headers.cookie ?? '').split('=') as [string, string];
  await context.addCookies([{ name, value, domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
}

/** A test app listening on a free local port, with the base URL a browser should use. */
export type ServedApp = TestApp & { baseUrl: string };

/**
 * Start the harness app on 127.0.0.1 and address it as `localhost`: session
 * cookies are Secure, and Chromium accepts Secure cookies on http://localhost.
 */
export async function serveTestApp(options: Parameters<typeof createTestApp>[0] = {}): Promise<ServedApp> {
  const t = await createTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return Object.assign(t, { baseUrl: `http://localhost:${address.port}` });
}

/** Save a full-page screenshot as `<dir>/<name>.png` and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Violation = { id: string; impact: string | null; help: string; targets: string[] };

// The project compiles without the DOM library (it is a server); these are the
// few browser globals the in-page functions below touch.
type InPage = {
  axe?: typeof axe;
  document: { querySelectorAll(selector: string): ArrayLike<{ id: string }> };
};

/**
 * Run axe-core (WCAG 2.0/2.1 A and AA) on the page and fail with a readable
 * list when any violation is serious or critical. axe is injected with
 * `page.evaluate(axe.source)`, which goes through the DevTools protocol and is
 * not subject to the page's CSP (no inline <script> element is added).
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => (globalThis as unknown as InPage).axe !== undefined);
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags: string[]): Promise<Violation[]> => {
    const inPage = globalThis as unknown as InPage;
    if (inPage.axe === undefined) throw new Error('axe-core did not load');
    const result = await inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' >>> ')),
    }));
  }, WCAG_TAGS);
  // axe 4.x no longer reports duplicate ids, but a repeated id silently ties a
  // <label for> or aria reference to the wrong control; treat it as serious.
  const duplicateIds = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const element of Array.from((globalThis as unknown as InPage).document.querySelectorAll('[id]'))) seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  });
  if (duplicateIds.length > 0) {
    violations.push({ id: 'duplicate-id', impact: 'serious', help: 'Ids must be unique (a label or aria reference resolves to the first)', targets: duplicateIds.map((id) => `#${id}`) });
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length === 0) return;
  const lines = serious.map((v) => `  - ${v.id} [${v.impact ?? 'unknown'}] ${v.help}\n${v.targets.map((target) => `      ${target}`).join('\n')}`);
  throw new Error(`Serious accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
}
