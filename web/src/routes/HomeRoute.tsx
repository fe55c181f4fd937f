import { useSyncExternalStore } from 'react';
import { CreatePartyForm } from '../components/CreatePartyForm';
import { JoinForm } from '../components/JoinForm';
import { MyParties } from '../components/MyParties';
import { getSession, loginUrl, setSession, subscribeSession } from '../lib/session';

/** `/`: join a party with its code, or log in with Spotify and start one. */
export function HomeRoute() {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const host = session?.kind === 'spotify';
  return (
    <div className="stack">
      <header className="hero">
        <h1>Spotify Party</h1>
        <p className="muted">Everyone picks the music: add tracks, like them, the crowd decides.</p>
      </header>
      <JoinForm />
      {host ? (
        <>
          <CreatePartyForm />
          <MyParties />
          <button type="button" className="link" onClick={() => setSession(null)}>
            Log out
          </button>
        </>
      ) : (
        <section className="card stack" aria-labelledby="host-heading">
          <h2 id="host-heading">Host a party</h2>
          <p className="muted">Play the party on your Spotify account (Premium).</p>
          <a className="button primary" href={loginUrl('/')}>
            Log in with Spotify
          </a>
        </section>
      )}
    </div>
  );
}
