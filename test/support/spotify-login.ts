/** Logs a sandbox account in without a browser: what a user clicking "log in as …" would do. */

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  return match ? unescapeHtml(match[1]) : undefined;
}

/**
 * GETs the authorize URL, submits the sandbox login form as `account` and returns the code and
 * state from the redirect. Throws when the sandbox answers anything but a redirect with a code.
 */
export async function authorizeInSandbox(
  authorizeUrl: string,
  account: string,
): Promise<{ code: string; state: string }> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) {
    throw new Error(`authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  }
  const form = /<form\b[^>]*>/i.exec(html)?.[0];
  const action = form && attribute(form, 'action');
  const requestInput = [...html.matchAll(/<input\b[^>]*>/gi)]
    .map((m) => m[0])
    .find((tag) => attribute(tag, 'name') === 'request');
  const request = requestInput && attribute(requestInput, 'value');
  if (!action || !request) throw new Error('authorize page has no login form');

  const decision = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, account }).toString(),
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) {
    throw new Error(`login decision answered ${decision.status}: ${await decision.text()}`);
  }
  const params = new URL(location).searchParams;
  const code = params.get('code');
  if (!code) throw new Error(`login was refused: ${params.get('error') ?? location}`);
  return { code, state: params.get('state') ?? '' };
}
