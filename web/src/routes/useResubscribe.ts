import { useCallback, useEffect, useRef, useState } from 'react';

const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 30_000;

/**
 * After the server ended or refused the room's subscriptions (all three at once, as a rule): read
 * the room again, which shows a removal or a closed party; while it is still open, subscribe again
 * a moment later. A read that fails (the server cannot serve it now: an outage) is tried again
 * with backoff, so the screen comes back live without a reload. `generation` is the subscriptions'
 * key for useRoomLive.
 */
export function useResubscribe(refetch: () => Promise<{ data?: { room: { status: string } } }>) {
  const [generation, setGeneration] = useState(0);
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onEnded = useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    const attempt = (retryMs: number) => {
      refetch().then(
        ({ data }) => {
          timer.current = setTimeout(() => {
            pending.current = false;
            if (data?.room.status === 'OPEN') setGeneration((g) => g + 1);
          }, FIRST_RETRY_MS);
        },
        () => {
          timer.current = setTimeout(() => attempt(Math.min(retryMs * 2, LAST_RETRY_MS)), retryMs);
        },
      );
    };
    attempt(FIRST_RETRY_MS);
  }, [refetch]);

  return { generation, onEnded };
}
