import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../gql';
import type { RoomSettings_RoomFragment } from '../gql/graphql';
import { useAction } from '../hooks/useAction';
import { minutesField, secondsOf, tightens } from '../lib/guardrails';
import { type GuardrailFields, GuardrailSettings } from './GuardrailSettings';
import { Field } from './Field';

export const RoomSettingsFragment = graphql(`
  fragment RoomSettings_room on Room {
    id
    code
    likeThreshold
    effectiveLikeThreshold
    likeShare
    skipThreshold
    maxQueuedPerParticipant
    locked
    explicitAllowed
    maxTrackSeconds
    maxPerArtist
  }
`);

const UpdateRoom = graphql(`
  mutation UpdateRoom(
    $code: String!
    $likeThreshold: Int
    $likeShare: Float
    $skipThreshold: Int
    $maxQueuedPerParticipant: Int
    $locked: Boolean
    $explicitAllowed: Boolean
    $maxTrackSeconds: Int
    $maxPerArtist: Int
  ) {
    updateRoom(
      code: $code
      likeThreshold: $likeThreshold
      likeShare: $likeShare
      skipThreshold: $skipThreshold
      maxQueuedPerParticipant: $maxQueuedPerParticipant
      locked: $locked
      explicitAllowed: $explicitAllowed
      maxTrackSeconds: $maxTrackSeconds
      maxPerArtist: $maxPerArtist
    ) {
      ...RoomSettings_room
    }
  }
`);

/** An empty field clears an optional setting (null), as updateRoom takes it. */
const orNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** Host only: how the crowd decides. Behind a disclosure, out of the way during the party. */
export function RoomSettings({ room }: { room: RoomSettings_RoomFragment }) {
  const [likes, setLikes] = useState(String(room.likeThreshold));
  const [share, setShare] = useState(
    room.likeShare ? String(Math.round(room.likeShare * 100)) : '',
  );
  const [skip, setSkip] = useState(room.skipThreshold ? String(room.skipThreshold) : '');
  const [perGuest, setPerGuest] = useState(
    room.maxQueuedPerParticipant ? String(room.maxQueuedPerParticipant) : '',
  );
  const [locked, setLocked] = useState(room.locked);
  const [guardrails, setGuardrails] = useState<GuardrailFields>({
    explicitAllowed: room.explicitAllowed,
    maxTrackMinutes: minutesField(room.maxTrackSeconds ?? null),
    maxPerArtist: room.maxPerArtist ? String(room.maxPerArtist) : '',
  });
  const [update] = useMutation(UpdateRoom, { refetchQueries: ['RoomScreen'] });
  const { run, busy } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sharePercent = orNull(share);
    const rules = {
      explicitAllowed: guardrails.explicitAllowed,
      maxTrackSeconds: secondsOf(guardrails.maxTrackMinutes),
      maxPerArtist: orNull(guardrails.maxPerArtist),
    };
    const removes = tightens(
      {
        explicitAllowed: room.explicitAllowed,
        maxTrackSeconds: room.maxTrackSeconds ?? null,
        maxPerArtist: room.maxPerArtist ?? null,
      },
      rules,
    );
    void run(
      () =>
        update({
          variables: {
            code: room.code,
            likeThreshold: Number(likes),
            likeShare: sharePercent === null ? null : sharePercent / 100,
            skipThreshold: orNull(skip),
            maxQueuedPerParticipant: orNull(perGuest),
            locked,
            ...rules,
          },
        }),
      () =>
        removes
          ? 'Settings saved. Any waiting tracks that break the new rules were removed.'
          : 'Settings saved.',
    );
  };

  return (
    <details className="card">
      <summary>Settings</summary>
      <form className="stack" onSubmit={submit}>
        <p className="muted small">
          A track plays at {room.effectiveLikeThreshold}{' '}
          {room.effectiveLikeThreshold === 1 ? 'like' : 'likes'} now.
        </p>
        <Field
          label="Likes needed"
          type="number"
          min={1}
          max={1000}
          value={likes}
          onChange={(e) => setLikes(e.target.value)}
          required
        />
        <Field
          label="Share of the crowd (%), empty: off"
          type="number"
          min={1}
          max={100}
          value={share}
          onChange={(e) => setShare(e.target.value)}
        />
        <Field
          label="Dislikes to skip, empty: off"
          type="number"
          min={1}
          max={1000}
          value={skip}
          onChange={(e) => setSkip(e.target.value)}
        />
        <Field
          label="Tracks waiting per guest, empty: no limit"
          type="number"
          min={1}
          max={1000}
          value={perGuest}
          onChange={(e) => setPerGuest(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={locked} onChange={(e) => setLocked(e.target.checked)} />{' '}
          Lock the party (no new guests)
        </label>
        <GuardrailSettings value={guardrails} onChange={setGuardrails} />
        <button type="submit" disabled={busy}>
          Save settings
        </button>
      </form>
    </details>
  );
}
