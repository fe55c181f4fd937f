import { findTrackByUri } from './catalogue.js';
import type { PlayRequest } from './sandbox.player.js';
import type { SandboxState } from './sandbox.state.js';

export type ParsedPlay =
  { request: PlayRequest } | { request?: undefined; status: number; message: string };

const refuse = (status: number, message: string): ParsedPlay => ({ status, message });

/**
 * The body of `PUT /me/player/play` with something to play (`uris`, or `context_uri` with an
 * optional `offset`, and `position_ms`), checked as Spotify checks it. Shared by the Web API and
 * the control API's "the host picks something in the Spotify app".
 */
export function parsePlayBody(
  body: Record<string, unknown>,
  state: SandboxState,
  accountId: string,
): ParsedPlay {
  const { uris, context_uri: contextUri, offset, position_ms: positionMs } = body;
  if (uris !== undefined && contextUri !== undefined) {
    return refuse(400, 'Only one of context_uri and uris can be specified');
  }
  let tracks: readonly string[];
  if (contextUri !== undefined) {
    if (typeof contextUri !== 'string' || !/^spotify:(playlist|album):\w+$/.test(contextUri)) {
      return refuse(400, 'Invalid context uri');
    }
    const playlistId = /^spotify:playlist:(\w+)$/.exec(contextUri)?.[1];
    const playlist = playlistId === undefined ? undefined : state.findPlaylist(playlistId);
    // Someone else's private playlist is as good as missing.
    const hidden =
      playlist &&
      !playlist.public &&
      playlist.ownerId !== accountId &&
      !playlist.followers.includes(accountId);
    const contextTracks = hidden ? undefined : state.contextTracks(contextUri);
    if (!contextTracks) return refuse(404, 'Context not found');
    if (contextTracks.length === 0) return refuse(400, 'Context has no tracks');
    tracks = contextTracks;
  } else {
    if (!Array.isArray(uris) || uris.length === 0 || uris.some((u) => typeof u !== 'string')) {
      return refuse(400, 'uris must be a non-empty array of track URIs');
    }
    const unknown = (uris as string[]).find((uri) => !findTrackByUri(uri));
    if (unknown !== undefined) return refuse(400, `Invalid track uri: ${unknown}`);
    tracks = uris as string[];
  }
  let index = 0;
  if (offset !== undefined) {
    const { position, uri } = (offset ?? {}) as Record<string, unknown>;
    if (typeof uri === 'string') index = tracks.indexOf(uri);
    else if (typeof position === 'number' && Number.isInteger(position)) index = position;
    else return refuse(400, 'offset must be {position} or {uri}');
    if (index < 0 || index >= tracks.length) return refuse(400, 'Invalid offset');
  }
  if (
    positionMs !== undefined &&
    (typeof positionMs !== 'number' || !Number.isInteger(positionMs) || positionMs < 0)
  ) {
    return refuse(400, 'position_ms must be a non-negative integer');
  }
  return {
    request: {
      ...(contextUri !== undefined ? { contextUri } : { uris: tracks }),
      offset: index,
      positionMs,
    },
  };
}
