import { isLoopback, joinLink } from '../lib/join-link';
import { useNotice } from '../hooks/useNotice';
import { QrCode } from './QrCode';

/** The code, the QR code of the join link, and a share (or copy) button. */
export function InviteCard({ code }: { code: string }) {
  const { say } = useNotice();
  const link = joinLink(location.origin, code);
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
          Invite guests
        </h2>
        <p>
          Code <span className="code big">{code}</span>
        </p>
        <p className="small muted break">{link}</p>
        <button type="button" onClick={() => void share()}>
          Share join link
        </button>
        {isLoopback(location.origin) ? (
          <p className="small warn">
            Phones cannot open 127.0.0.1: open this page at this computer&apos;s network address
            (see the README) so the code works for guests.
          </p>
        ) : null}
      </div>
    </section>
  );
}
