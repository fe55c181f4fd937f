import { useMutation } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { JoinForm } from '../components/JoinForm';
import { graphql } from '../gql';
import { apiErrorOf } from '../lib/errors';
import { navigate } from '../lib/router';
import { getSession } from '../lib/session';
import { errorText } from '../lib/wording';

const JoinRoom = graphql(`
  mutation JoinRoom($code: String!) {
    joinRoom(code: $code) {
      id
      code
    }
  }
`);

/**
 * `/join/<CODE>`, the link in the QR code. A guest already in this party goes straight back in;
 * a logged-in Spotify user joins with their account; anyone else types a name.
 */
export function JoinRoute({ code }: { code: string }) {
  const session = getSession();
  const [joinRoom] = useMutation(JoinRoom);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (session?.kind === 'guest' && session.roomCode === code) {
      navigate(`/room/${code}`, { replace: true });
    } else if (session?.kind === 'spotify') {
      joinRoom({ variables: { code } }).then(
        () => navigate(`/room/${code}`, { replace: true }),
        (error: unknown) => setProblem(errorText(apiErrorOf(error))),
      );
    }
  }, [code, session, joinRoom]);

  return (
    <div className="stack">
      <header className="hero">
        <h1>Join the party</h1>
        <p className="muted">
          Party <span className="code">{code}</span>
        </p>
      </header>
      {problem ? <p role="alert">{problem}</p> : null}
      {session?.kind === 'spotify' && !problem ? (
        <p aria-busy="true">Joining…</p>
      ) : (
        <JoinForm initialCode={code} />
      )}
      <a href="/">Home</a>
    </div>
  );
}
