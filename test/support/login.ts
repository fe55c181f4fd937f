import { loginWithSpotify } from './browser.js';
import type { TestApp } from './test-app.js';

export interface SpotifyLogin {
  token: string;
  userId: string;
  spotifyId: string;
}

/** Logs a sandbox demo account in through the real OAuth flow of `t` (sandbox mode). */
export async function loginAs(t: TestApp, account = 'dj-alex'): Promise<SpotifyLogin> {
  const { response } = await loginWithSpotify(t.url, account);
  const body = (await response.json()) as {
    accessToken: string;
    user: { id: string; spotifyId: string };
  };
  if (response.status !== 200) throw new Error(`Login failed: ${JSON.stringify(body)}`);
  return { token: body.accessToken, userId: body.user.id, spotifyId: body.user.spotifyId };
}
