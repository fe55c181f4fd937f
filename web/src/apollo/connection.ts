import { useSyncExternalStore } from 'react';

/** Whether the live connection is up, for the offline banner (and what it caught up on). */
export interface ConnectionState {
  online: boolean;
  /** The connection came back after it was lost. */
  back: boolean;
  /** How many vote updates missed meanwhile arrived after it came back, when that is known. */
  caughtUp: number | null;
}

let state: ConnectionState = { online: true, back: false, caughtUp: null };
const listeners = new Set<() => void>();
const reconnected = new Set<() => void>();

/** Subscriptions without `afterSeq` cannot resume: their screens read the room again instead. */
export function onReconnected(listener: () => void): () => void {
  reconnected.add(listener);
  return () => reconnected.delete(listener);
}

/** How long "Back online" stays up. */
const BACK_SHOWN_MS = 10_000;
let hideBack: ReturnType<typeof setTimeout> | undefined;

export function notifyReconnected(): void {
  setConnection({ online: true, back: true });
  clearTimeout(hideBack);
  hideBack = setTimeout(() => setConnection({ back: false, caughtUp: null }), BACK_SHOWN_MS);
  for (const listener of reconnected) listener();
}

export function setConnection(next: Partial<ConnectionState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
