import { graphql } from '../gql';
import type { NowPlaying_RoomFragment } from '../gql/graphql';
import { needsReauth, playbackStateText, skipText } from '../lib/wording';
import { loginUrl } from '../lib/session';
import { ExplicitBadge } from './ExplicitBadge';
import { ProgressBar } from './ProgressBar';
import { Cover, trackName } from './TrackItem';
import { VoteButtons } from './VoteButtons';

export const NowPlayingPlaybackFragment = graphql(`
  fragment NowPlaying_playback on Playback {
    state
    reason
    progressMs
    observedAt
    deviceName
  }
`);

export const NowPlayingFragment = graphql(`
  fragment NowPlaying_room on Room {
    id
    code
    autoplay
    skipThreshold
    nowPlaying {
      ...TrackItem_roomTrack
    }
    playback {
      ...NowPlaying_playback
    }
  }
`);

/** What plays: cover, title, artists, progress, who added it, or the state in words. */
export function NowPlaying({ room, isHost }: { room: NowPlaying_RoomFragment; isHost: boolean }) {
  const { nowPlaying: item, playback } = room;
  const stateText = playbackStateText(playback.state, playback.reason);
  const skip = item ? skipText(item.dislikes, room.skipThreshold) : null;
  return (
    <section className="now-playing card" aria-labelledby="now-playing-heading">
      <h2 id="now-playing-heading" className="eyebrow">
        Now playing
      </h2>
      {item ? (
        <div className="now-playing-track">
          <Cover url={item.track?.imageUrl} size={96} />
          <div className="track-text">
            <p className="now-title" aria-live="polite">
              {trackName(item)}
            </p>
            <p className="muted">
              <ExplicitBadge explicit={item.track?.explicit} />
              {item.track?.artists.join(', ')}
            </p>
            {item.addedBy ? (
              <p className="muted small">Added by {item.addedBy.displayName}</p>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="now-title muted">Nothing is playing yet.</p>
      )}
      <ProgressBar
        sample={{
          playing: playback.state === 'PLAYING' && item !== null,
          progressMs: item ? playback.progressMs : null,
          observedAt: playback.observedAt,
          durationMs: item?.track?.durationMs,
        }}
      />
      {stateText ? <p className="state">{stateText}</p> : null}
      {isHost && needsReauth(playback.state, playback.reason) ? (
        <a className="button" href={loginUrl()}>
          Log in with Spotify again
        </a>
      ) : null}
      {item ? (
        <div className="now-votes">
          <VoteButtons item={item} code={room.code} />
          {skip ? <span className="muted small">{skip}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
