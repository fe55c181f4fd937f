import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../gql';
import { useAction } from '../hooks/useAction';
import { navigate } from '../lib/router';
import { Field } from './Field';

const CreateRoom = graphql(`
  mutation CreateRoom($input: CreateRoomInput!) {
    createRoom(input: $input) {
      id
      code
    }
  }
`);

/** A logged-in host names the party and how many likes make a track play. */
export function CreatePartyForm() {
  const [name, setName] = useState('');
  const [likes, setLikes] = useState('2');
  const [create] = useMutation(CreateRoom);
  const { run, busy } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run(() =>
      create({
        variables: { input: { name: name.trim() || null, likeThreshold: Number(likes) } },
      }),
    );
    const room = result?.data?.createRoom;
    if (room) navigate(`/room/${room.code}`);
  };

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)}>
      <h2>Start a party</h2>
      <Field
        label="Party name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={80}
        placeholder="Friday night"
      />
      <Field
        label="Likes to play"
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        value={likes}
        onChange={(event) => setLikes(event.target.value)}
        required
      />
      <button type="submit" className="primary" disabled={busy}>
        Create party
      </button>
    </form>
  );
}
