import { describe, expect, it } from '@jest/globals';
import {
  MAX_OPERATION_NAMES,
  OperationNames,
  routeLabel,
  spotifyEndpointLabel,
} from './metrics.labels.js';

describe('metric labels', () => {
  it('names Spotify endpoints without ids, the same with the sandbox and with Spotify', () => {
    expect(
      spotifyEndpointLabel('GET', 'https://api.spotify.com/v1/tracks/4uLU6hMCjMI75M1A2tKUQC'),
    ).toBe('GET /v1/tracks/{id}');
    expect(
      spotifyEndpointLabel(
        'GET',
        'http://127.0.0.1:3000/sandbox/spotify/v1/tracks/4uLU6hMCjMI75M1A2tKUQC?market=from_token',
      ),
    ).toBe('GET /v1/tracks/{id}');
    expect(spotifyEndpointLabel('GET', 'https://api.spotify.com/v1/search?q=love')).toBe(
      'GET /v1/search',
    );
    expect(spotifyEndpointLabel('PUT', 'https://api.spotify.com/v1/me/player/play')).toBe(
      'PUT /v1/me/player/play',
    );
    expect(spotifyEndpointLabel('GET', 'https://api.spotify.com/v1/users/someone/playlists')).toBe(
      'GET /v1/users/{id}/playlists',
    );
    expect(
      spotifyEndpointLabel('POST', 'http://127.0.0.1:3000/sandbox/spotify/accounts/api/token'),
    ).toBe('POST /api/token');
    expect(spotifyEndpointLabel('GET', 'not a url')).toBe('GET (invalid url)');
  });

  it('keeps HTTP routes to the top-level paths the app serves', () => {
    expect(routeLabel('/graphql?query=x')).toBe('/graphql');
    expect(routeLabel('/auth/callback?code=secret')).toBe('/auth');
    expect(routeLabel('/health')).toBe('/health');
    expect(routeLabel('/wp-admin/login.php')).toBe('other');
    expect(routeLabel(undefined)).toBe('other');
  });

  it('caps the operation names clients can add', () => {
    const sut = new OperationNames();
    expect(sut.label(undefined)).toBe('anonymous');
    expect(sut.label('CastVote')).toBe('CastVote');
    expect(sut.label('not a name!')).toBe('other');
    for (let i = 1; i < MAX_OPERATION_NAMES; i++) expect(sut.label(`Op${i}`)).toBe(`Op${i}`);
    expect(sut.label('OneTooMany')).toBe('other');
    expect(sut.label('CastVote')).toBe('CastVote');
  });
});
