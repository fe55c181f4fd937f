import type { ParticipantItem_ParticipantFragment, Role } from '../gql/graphql';
import { ParticipantItem } from './ParticipantItem';

interface Props {
  participants: ParticipantItem_ParticipantFragment[];
  code: string;
  myRole: Role;
  myId: string;
}

/** Who is in the party; the host and co-hosts manage them from here. */
export function ParticipantList({ participants, code, myRole, myId }: Props) {
  return (
    <ul className="plain participants" aria-label="Participants">
      {participants.map((participant) => (
        <ParticipantItem
          key={participant.user.id}
          participant={participant}
          code={code}
          myRole={myRole}
          isMe={participant.user.id === myId}
        />
      ))}
    </ul>
  );
}
