import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { useAction } from '../hooks/useAction';

const ExportPlaylist = graphql(`
  mutation ExportPlaylist($code: String!) {
    exportPlaylist(code: $code) {
      name
      trackCount
    }
  }
`);
const CloseRoom = graphql(`
  mutation CloseRoom($code: String!) {
    closeRoom(code: $code) {
      id
      status
    }
  }
`);

/** Host only: keep what played as a Spotify playlist, and end the party for everyone. */
export function EndOfPartyButtons({ code, closed }: { code: string; closed: boolean }) {
  const [exportPlaylist] = useMutation(ExportPlaylist);
  const [close] = useMutation(CloseRoom);
  const { run, busy } = useAction();
  const savedText = (saved?: { name: string; trackCount: number } | null) =>
    saved ? `Saved “${saved.name}” (${saved.trackCount} tracks) to your Spotify.` : null;
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void run(
            () => exportPlaylist({ variables: { code } }),
            (result) => savedText(result.data?.exportPlaylist),
          )
        }
      >
        Export playlist
      </button>
      {closed ? null : (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() =>
            void run(
              () => close({ variables: { code } }),
              () => 'The party is closed.',
            )
          }
        >
          Close party
        </button>
      )}
    </>
  );
}
