import type { SandboxAccount } from './sandbox-accounts.js';

/** A user as other objects (playlists, entries) embed it. */
export function userReference(account: SandboxAccount) {
  return {
    id: account.id,
    display_name: account.displayName,
    uri: `spotify:user:${account.id}`,
    type: 'user' as const,
    href: `https://api.spotify.com/v1/users/${account.id}`,
    external_urls: { spotify: `https://open.spotify.com/user/${account.id}` },
  };
}
