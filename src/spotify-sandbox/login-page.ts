import type { SandboxAccount } from './sandbox-accounts.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

// Inline styles only: the sandbox must render with no network at all.
const STYLE = `
  body { font-family: system-ui, sans-serif; background: #121212; color: #fff; margin: 0; }
  main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: #181818; border-radius: 8px; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  p.note { color: #b3b3b3; font-size: .9rem; }
  button { display: block; width: 100%; margin: .5rem 0; padding: .8rem 1rem; border: 0;
    border-radius: 500px; font-size: 1rem; cursor: pointer; text-align: left; }
  button[name=account] { background: #1db954; color: #000; }
  button[name=account] small { display: block; font-size: .75rem; opacity: .75; }
  button[name=deny] { background: transparent; color: #b3b3b3; border: 1px solid #535353;
    text-align: center; }
`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body>
</html>`;
}

export interface LoginPageInput {
  action: string;
  requestId: string;
  clientId: string;
  scope: string;
  accounts: readonly SandboxAccount[];
}

/** Stands in for Spotify's login and consent screens: pick a demo account, or cancel. */
export function renderLoginPage(input: LoginPageInput): string {
  const buttons = input.accounts
    .map(
      (account) =>
        `<button type="submit" name="account" value="${escapeHtml(account.id)}">` +
        `${escapeHtml(account.displayName)} <small>${escapeHtml(account.id)}: ` +
        `${escapeHtml(account.description)}</small></button>`,
    )
    .join('\n');
  const scopes = input.scope ? escapeHtml(input.scope) : 'none';
  return page(
    'Spotify sandbox — log in',
    `<h1>Spotify sandbox — log in</h1>
<p class="note">This is a local simulation of Spotify, not Spotify. The app
<code>${escapeHtml(input.clientId)}</code> asks for: ${scopes}.</p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
${buttons}
<button type="submit" name="deny" value="1">Cancel</button>
</form>`,
  );
}

/** Spotify shows an error page (and does not redirect) when it cannot trust the redirect URI. */
export function renderErrorPage(title: string, message: string): string {
  return page(
    `Spotify sandbox — ${title}`,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`,
  );
}
