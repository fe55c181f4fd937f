import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../gql';
import { useAction } from '../hooks/useAction';
import { navigate } from '../lib/router';
import { getSession, setSession } from '../lib/session';
import { Field } from './Field';

const JoinAsGuest = graphql(`
  mutation JoinAsGuest($code: String!, $name: String!) {
    joinAsGuest(code: $code, displayName: $name) {
      accessToken
      room {
        id
        code
      }
    }
  }
`);

/** A guest joins with the party code and a display name: no account needed. */
export function JoinForm({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [join] = useMutation(JoinAsGuest);
  const { run, busy } = useAction();

  // A Spotify user joins with their account (JoinRoute), keeping their login.
  const spotifyUser = getSession()?.kind === 'spotify';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (spotifyUser) return navigate(`/join/${code.trim().toUpperCase()}`);
    const result = await run(() =>
      join({ variables: { code: code.trim().toUpperCase(), name: name.trim() } }),
    );
    const joined = result?.data?.joinAsGuest;
    if (!joined) return;
    setSession({ token: joined.accessToken, kind: 'guest', roomCode: joined.room.code });
    navigate(`/room/${joined.room.code}`, { replace: true });
  };

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)}>
      <h2>Join a party</h2>
      <Field
        label="Party code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        autoCapitalize="characters"
        autoComplete="off"
        maxLength={6}
        pattern="[A-Za-z0-9]{6}"
        required
      />
      {spotifyUser ? null : (
        <>
          <Field
            label="Your name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="nickname"
            maxLength={32}
            required
          />
        </>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Join party
      </button>
    </form>
  );
}
