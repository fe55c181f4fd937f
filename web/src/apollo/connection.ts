import { useSyncExternalStore } from 'react';

/** Whether the live connection is up, for the offline banner (and what it caught up on). */
export interface ConnectionState {
  online: boolean;
  /** Set when the socket came back: how many vote updates arrived that were missed meanwhile. */
  caughtUp: number | null;
}

let state: ConnectionState = { online: true, caughtUp: null };
const listeners = new Set<() => void>();

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
