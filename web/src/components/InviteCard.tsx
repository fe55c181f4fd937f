import { useEffect, useState } from 'react';
import { useNotice } from '../hooks/useNotice';
import { isLoopback, joinLink, joinOrigin, type WebConfig } from '../lib/join-link';
import { QrCode } from './QrCode';

/** The code, the QR code of the join link, and a share (or copy) button. */
export function InviteCard({ code, heading }: { code: string; heading: string }) {
  const { say } = useNotice();
  const [config, setConfig] = useState<WebConfig | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/web/config')
      .then((response) => (response.ok ? (response.json() as Promise<WebConfig>) : null))
      .then((value) => {
        if (live) setConfig(value ?? { publicUrl: null, lanUrl: null });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const origin = joinOrigin(location.origin, config);
  const link = joinLink(origin, code);
  const share = async () => {
    try {
      if (navigator.share) {
        await navigator.share({ title: 'Join the party', url: link });
        return;
      }
      await navigator.clipboard.writeText(link);
      say('Join link copied.');
    } catch {
      say(`Share this link: ${link}`);
    }
  };
  return (
    <section className="card invite" aria-labelledby="invite-heading">
      <QrCode text={link} label={`QR code to join ${code}`} />
      <div className="stack">
        <h2 id="invite-heading" className="eyebrow">
          {heading}
        </h2>
        <p>
          Code <span className="code big">{code}</span>
        </p>
        <p className="small muted break">{link}</p>
        <button type="button" onClick={() => void share()}>
          Share join link
        </button>
        {config && isLoopback(origin) ? (
          <p className="small warn">
            Phones cannot open this address: start the server with HOST=0.0.0.0 or set PUBLIC_URL
            (see the README).
          </p>
        ) : null}
      </div>
    </section>
  );
}
