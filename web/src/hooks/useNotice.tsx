import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

interface Notice {
  text: string;
  kind: 'info' | 'error';
  id: number;
}

interface NoticeApi {
  say: (text: string, kind?: Notice['kind']) => void;
}

const NoticeContext = createContext<NoticeApi>({ say: () => undefined });

/**
 * One place for what the app tells the user about their own actions ("Added", a refusal): a
 * polite live region for news, an alert for refusals, so screen readers hear both.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const say = useCallback((text: string, kind: Notice['kind'] = 'info') => {
    setNotice({ text, kind, id: Date.now() });
  }, []);
  const api = useMemo(() => ({ say }), [say]);
  return (
    <NoticeContext.Provider value={api}>
      {children}
      <div className="notice" role="status" aria-live="polite">
        {notice?.kind === 'info' ? <p key={notice.id}>{notice.text}</p> : null}
      </div>
      <div className="notice notice-error" role="alert">
        {notice?.kind === 'error' ? <p key={notice.id}>{notice.text}</p> : null}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotice(): NoticeApi {
  return useContext(NoticeContext);
}
