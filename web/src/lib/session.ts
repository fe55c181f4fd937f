/**
 * The one session this browser holds, kept in localStorage so that a reload or a phone waking up
 * goes straight back into the party: a Spotify login (a host) or a guest session for one room.
 */
export interface Session {
  token: string;
  kind: 'spotify' | 'guest';
  /** The room a guest session belongs to (a guest token is valid there only). */
  roomCode?: string;
}

const KEY = 'spotify-party.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * After `/auth/login?redirect=…` the token arrives in the URL fragment: keep it as the session and
 * take it out of the address bar (docs/client-guide.md).
 */
export function takeLoginFromUrl(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('access_token');
  if (!token) return;
  history.replaceState(null, '', location.pathname + location.search);
  setSession({ token, kind: 'spotify' });
}

/** Where "Log in with Spotify" goes: the server's flow, back to this page on this origin. */
export function loginUrl(returnTo = location.pathname): string {
  return `/auth/login?redirect=${encodeURIComponent(returnTo)}`;
}
