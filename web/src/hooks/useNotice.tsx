import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/** Long enough to read a sentence; a refusal stays longer. */
const SHOWN_MS = { info: 4_000, error: 8_000 };

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
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), SHOWN_MS[notice.kind]);
    return () => clearTimeout(timer);
  }, [notice]);
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
