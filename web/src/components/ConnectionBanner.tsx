import { useConnection } from '../apollo/connection';
import { backOnlineText } from '../lib/wording';

/** Says when the live connection is down, and what it caught up on when it came back. */
export function ConnectionBanner() {
  const { online, back, caughtUp } = useConnection();
  let text: string | null = null;
  if (!online) text = 'You are offline. Votes and the queue will catch up when you are back.';
  else if (back) text = backOnlineText(caughtUp);
  return (
    <div className={online ? 'banner' : 'banner banner-offline'} role="status" aria-live="polite">
      {text}
    </div>
  );
}
