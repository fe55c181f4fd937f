/**
 * A small cookie-keeping HTTP client that follows redirects the way a browser does, step by step,
 * so tests can stop at any hop (e.g. deliver a callback to another instance). Cookies are per host
 * and, as in browsers, not per port.
 */
export class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.cookies.get(target.hostname);
    const headers = new Headers(init.headers);
    if (jar && jar.size > 0) {
      headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(target.hostname, line);
    return response;
  }

  /** Follows redirects until a non-redirect answer or until `stop(url)` says so. */
  async follow(
    url: string | URL,
    stop: (next: URL) => boolean = () => false,
  ): Promise<{ response: Response; url: URL }> {
    let current = new URL(url);
    for (let hop = 0; hop < 10; hop++) {
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, url: current };
      }
      const next = new URL(location, current);
      if (stop(next)) return { response, url: next };
      current = next;
    }
    throw new Error('Too many redirects');
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  private store(host: string, line: string): void {
    const [pair, ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
    if (expired) jar.delete(name);
    else jar.set(name, value);
    this.cookies.set(host, jar);
  }
}

/** Submits the sandbox's login page as `account` (or refuses) and returns where it redirects. */
export async function submitSandboxLogin(
  browser: Browser,
  loginPage: URL,
  html: string,
  choice: { account: string } | { deny: true },
): Promise<URL> {
  const action = /<form\b[^>]*action="([^"]+)"/i.exec(html)?.[1];
  const request = /<input\b[^>]*name="request"[^>]*value="([^"]+)"/i.exec(html)?.[1];
  if (!action || !request) throw new Error('The sandbox login page has no form');
  const body = new URLSearchParams({ request: request.replace(/&amp;/g, '&') });
  if ('deny' in choice) body.set('deny', '1');
  else body.set('account', choice.account);
  const response = await browser.fetch(new URL(action.replace(/&amp;/g, '&'), loginPage), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`Sandbox login answered ${response.status}: ${await response.text()}`);
  }
  return new URL(location);
}

/**
 * The whole redirect flow as a browser does it: /auth/login → Spotify (sandbox) login page →
 * choose an account → back to /auth/callback. Returns the callback's response.
 */
export async function loginWithSpotify(
  appUrl: string,
  account: string,
  options: { browser?: Browser; redirect?: string; callbackBase?: string } = {},
): Promise<{ response: Response; browser: Browser; callbackUrl: URL }> {
  const browser = options.browser ?? new Browser();
  const loginUrl = new URL('/auth/login', appUrl);
  if (options.redirect) loginUrl.searchParams.set('redirect', options.redirect);
  const { response: page, url: pageUrl } = await browser.follow(loginUrl);
  if (page.status !== 200) {
    throw new Error(`Login page answered ${page.status}: ${await page.text()}`);
  }
  const callback = await submitSandboxLogin(browser, pageUrl, await page.text(), { account });
  const callbackUrl = options.callbackBase
    ? new URL(`${callback.pathname}${callback.search}`, options.callbackBase)
    : callback;
  return { response: await browser.fetch(callbackUrl), browser, callbackUrl };
}
