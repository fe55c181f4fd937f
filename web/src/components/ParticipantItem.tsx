import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { ParticipantItem_ParticipantFragment, Role } from '../gql/graphql';
import { useAction } from '../hooks/useAction';

export const ParticipantItemFragment = graphql(`
  fragment ParticipantItem_participant on Participant {
    role
    joinedAt
    user {
      id
      displayName
      isGuest
    }
  }
`);

const SetRole = graphql(`
  mutation SetRole($code: String!, $userId: ID!, $role: Role!) {
    setRole(code: $code, userId: $userId, role: $role) {
      role
    }
  }
`);
const RemoveParticipant = graphql(`
  mutation RemoveParticipant($code: String!, $userId: ID!, $ban: Boolean) {
    removeParticipant(code: $code, userId: $userId, ban: $ban)
  }
`);

const ROLE_NAMES: Record<Role, string> = { HOST: 'Host', CO_HOST: 'Co-host', GUEST: 'Guest' };

interface Props {
  participant: ParticipantItem_ParticipantFragment;
  code: string;
  /** The caller's own role: the host manages everyone, a co-host guests only. */
  myRole: Role;
  isMe: boolean;
}

export function ParticipantItem({ participant, code, myRole, isMe }: Props) {
  const refetch = { refetchQueries: ['RoomScreen'] };
  const [setRole] = useMutation(SetRole, refetch);
  const [remove] = useMutation(RemoveParticipant, refetch);
  const { run, busy } = useAction();
  const { user, role } = participant;
  const name = user.displayName;
  const userId = user.id;
  const canRole = myRole === 'HOST' && role !== 'HOST' && !isMe;
  const canRemove =
    !isMe && role !== 'HOST' && (myRole === 'HOST' || (myRole === 'CO_HOST' && role === 'GUEST'));
  const removeNow = (ban: boolean) =>
    run(
      () => remove({ variables: { code, userId, ban } }),
      () => (ban ? `${name} is banned.` : `${name} is removed.`),
    );

  return (
    <li className="participant">
      <span className="participant-name">
        {name}
        {isMe ? ' (you)' : ''}
      </span>
      <span className="badge">{ROLE_NAMES[role]}</span>
      <div className="button-row">
        {canRole ? (
          <button
            type="button"
            className="small-button"
            disabled={busy}
            onClick={() =>
              void run(
                () =>
                  setRole({
                    variables: { code, userId, role: role === 'CO_HOST' ? 'GUEST' : 'CO_HOST' },
                  }),
                () => (role === 'CO_HOST' ? `${name} is a guest again.` : `${name} is a co-host.`),
              )
            }
          >
            {role === 'CO_HOST' ? `Make ${name} a guest` : `Make ${name} co-host`}
          </button>
        ) : null}
        {canRemove ? (
          <>
            <button
              type="button"
              className="small-button"
              disabled={busy}
              onClick={() => void removeNow(false)}
            >
              Remove {name}
            </button>
            <button
              type="button"
              className="small-button danger"
              disabled={busy}
              onClick={() => void removeNow(true)}
            >
              Ban {name}
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}
