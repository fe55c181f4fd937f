import { existsSync } from 'node:fs';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, and quiet: no update checks, sync or QUIC probes that would try to reach the internet. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Whether Chromium is installed. In CI (`CI` set) a missing browser is a failure that says how to
 * install it; elsewhere the suite is skipped with a warning saying the same.
 */
export function chromiumAvailable(suite: string, path = CHROMIUM_PATH): boolean {
  if (existsSync(path)) return true;
  const message = `${suite} needs Chromium at ${path}, which is missing. Install it with \`apt-get install -y chromium\`.`;
  if (process.env.CI) throw new Error(`${message} CI must run the browser tests.`);
  console.warn(`${message} Skipping ${suite}.`);
  return false;
}

/** A phone (390×844, the app's design target), for the web app's suites. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OfflinePage {
  page: Page;
  context: BrowserContext;
  /** Every request the page attempted to an origin it was not allowed to reach (all aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * A page in a fresh browser context (no cookies, no storage) that may reach the given origins
 * only: any other request is aborted and recorded, so a test can assert nothing was attempted.
 */
export async function offlinePage(
  browser: Browser,
  allowedOrigins: string[],
  options: BrowserContextOptions = { viewport: { width: 1400, height: 900 } },
): Promise<OfflinePage> {
  const context = await browser.newContext(options);
  const blocked: string[] = [];
  const allowed = (url: URL) =>
    url.protocol === 'data:' || allowedOrigins.includes(url.origin.replace(/^ws(s?):/, 'http$1:'));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (allowed(new URL(url))) {
      await route.continue();
    } else {
      blocked.push(url);
      await route.abort('blockedbyclient');
    }
  });
  // page.route does not see WebSockets; sockets to the allowed origins are left untouched.
  await context.routeWebSocket(
    (url) => !allowed(url),
    async (ws) => {
      blocked.push(ws.url());
      await ws.close();
    },
  );
  const page = await context.newPage();
  return { page, context, blocked, close: () => context.close() };
}
