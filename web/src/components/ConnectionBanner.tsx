import { useConnection } from '../apollo/connection';

/** Says when the live connection is down, and what it caught up on when it came back. */
export function ConnectionBanner() {
  const { online, caughtUp } = useConnection();
  let text: string | null = null;
  if (!online) text = 'You are offline. Votes and the queue will catch up when you are back.';
  else if (caughtUp !== null) {
    text =
      caughtUp === 0
        ? 'Back online. Nothing was missed.'
        : `Back online. Caught up on ${caughtUp} vote ${caughtUp === 1 ? 'update' : 'updates'}.`;
  }
  return (
    <div className={online ? 'banner' : 'banner banner-offline'} role="status" aria-live="polite">
      {text}
    </div>
  );
}
