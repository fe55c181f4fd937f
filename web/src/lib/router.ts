import { useSyncExternalStore } from 'react';

/** A two-route app needs no router library: the path, kept in sync with the History API. */
const NAVIGATED = 'party:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

export type Route =
  { name: 'home' } | { name: 'join'; code: string } | { name: 'room'; code: string };

/** `/`, `/join/<CODE>`, `/room/<CODE>`; anything else is home. */
export function routeOf(path: string): Route {
  const match = /^\/(join|room)\/([A-Za-z0-9]{6})\/?$/.exec(path);
  if (!match) return { name: 'home' };
  return { name: match[1] as 'join' | 'room', code: match[2].toUpperCase() };
}
