import { CREATE_ROOM, JOIN_AS_GUEST, SEARCH_TRACKS, VOTE, gql, parallel } from './operations.mjs';

/** Searches whose results make up the track pool (the sandbox catalogue is deterministic). */
const SEARCH_WORDS = ['love', 'night', 'fire', 'dream', 'river', 'city', 'sky', 'ocean', 'star'];
const SEARCH_WORDS_MORE = ['light', 'rain', 'storm', 'moon', 'dance', 'road', 'wave', 'echo'];

/** A fetch that keeps cookies per host, one redirect hop at a time, as a browser does. */
function cookieFetch() {
  const jar = new Map();
  return async (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  };
}

/**
 * Logs a sandbox demo account in through the app's real OAuth flow: /auth/login → the sandbox's
 * login page → choose the account → /auth/callback, which answers our token as JSON.
 */
export async function loginHost(baseUrl, account = 'dj-alex') {
  const browse = cookieFetch();
  let url = new URL('/auth/login', baseUrl);
  let page;
  for (let hop = 0; hop < 5; hop++) {
    page = await browse(url);
    const location = page.headers.get('location');
    if (page.status < 300 || page.status >= 400 || !location) break;
    url = new URL(location, url);
  }
  const html = await page.text();
  const action = /<form\b[^>]*action="([^"]+)"/i.exec(html)?.[1];
  const request = /<input\b[^>]*name="request"[^>]*value="([^"]+)"/i.exec(html)?.[1];
  if (!action || !request) {
    throw new Error(`No sandbox login form at ${url}: ${html.slice(0, 200)}`);
  }
  const decision = await browse(new URL(action.replace(/&amp;/g, '&'), url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: request.replace(/&amp;/g, '&'), account }).toString(),
  });
  const callback = decision.headers.get('location');
  if (decision.status !== 302 || !callback) {
    throw new Error(`Sandbox login answered ${decision.status}`);
  }
  const answer = await browse(new URL(callback, url));
  const body = await answer.json();
  if (answer.status !== 200 || !body.accessToken) {
    throw new Error(`Login callback answered ${answer.status}: ${JSON.stringify(body)}`);
  }
  return body.accessToken;
}

/** A room with `guestCount` guests, each joined through joinAsGuest with its own token. */
export async function createParty(target, { likeThreshold, guestCount, concurrency = 32 }) {
  const hostToken = target.kind === 'app' ? await loginHost(target.url) : undefined;
  const { createRoom: room } = await gql(
    target.url,
    CREATE_ROOM,
    { input: { likeThreshold, name: 'Benchmark party' } },
    hostToken,
  );
  const joinStarted = performance.now();
  const guests = await parallel(guestCount, concurrency, async (i) => {
    const { joinAsGuest } = await gql(target.url, JOIN_AS_GUEST, {
      code: room.code,
      displayName: `Guest ${i}`,
    });
    return { token: joinAsGuest.accessToken, userId: joinAsGuest.user.id };
  });
  const joinMs = performance.now() - joinStarted;
  return { hostToken, room, guests, joinMs };
}

/** Real catalogue URIs found through the app's searchTracks, so track metadata resolves. */
export async function catalogueUris(target, party, wanted) {
  const uris = new Set();
  for (const query of [...SEARCH_WORDS, ...SEARCH_WORDS_MORE]) {
    const { searchTracks } = await gql(
      target.url,
      SEARCH_TRACKS,
      { code: party.room.code, query },
      party.hostToken,
    );
    for (const track of searchTracks) uris.add(track.uri);
    if (uris.size >= wanted) break;
  }
  if (uris.size === 0) throw new Error('The sandbox search found no tracks');
  return [...uris].slice(0, wanted);
}

/**
 * One like from `voter` on each track: the first vote on a track makes the app fetch its metadata
 * in the background, so the measured votes that follow find it cached.
 */
export async function warmTracks(target, party, uris, voter) {
  await parallel(uris.length, 4, (i) =>
    gql(
      target.url,
      VOTE,
      { input: { code: party.room.code, trackUri: uris[i], isLike: true } },
      voter.token,
    ),
  );
}
