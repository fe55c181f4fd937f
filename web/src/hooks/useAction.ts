import { useCallback, useState } from 'react';
import { apiErrorOf } from '../lib/errors';
import { errorText } from '../lib/wording';
import { useNotice } from './useNotice';

/**
 * Runs a mutation for a button: `busy` while it runs, a refusal said in words (never a code),
 * and an optional line of news when it worked.
 */
export function useAction() {
  const { say } = useNotice();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(action: () => Promise<T>, success?: (result: T) => string | null) => {
      setBusy(true);
      try {
        const result = await action();
        const news = success?.(result);
        if (news) say(news);
        return result;
      } catch (error) {
        say(errorText(apiErrorOf(error)), 'error');
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [say],
  );
  return { run, busy };
}
