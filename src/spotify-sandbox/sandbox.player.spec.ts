import { describe, expect, it } from '@jest/globals';
import { sandboxCatalogue } from './catalogue.js';
import { SandboxState } from './sandbox.state.js';

describe('SandboxPlayer on an injected clock', () => {
  const [a, b, c] = sandboxCatalogue();

  const setup = (trackDurationMs?: number) => {
    let now = 1_000_000;
    const state = new SandboxState({ now: () => now, trackDurationMs });
    const sut = state.player('dj-alex')!;
    return { sut, state, tick: (ms: number) => (now += ms) };
  };

  it('ends each track exactly at its duration, however late someone looks', () => {
    const { sut, tick } = setup();
    sut.play({ uris: [a.uri, b.uri, c.uri] });
    tick(a.duration_ms - 1);
    expect(sut.view()).toMatchObject({ item: a.uri, progressMs: a.duration_ms - 1 });
    // Nobody looks for the rest of a and 10 ms into c.
    tick(1 + b.duration_ms + 10);
    expect(sut.view()).toMatchObject({
      item: c.uri,
      progressMs: 10,
      isPlaying: true,
      history: [a.uri, b.uri, c.uri],
    });
    tick(c.duration_ms);
    expect(sut.view()).toMatchObject({ item: c.uri, progressMs: 0, isPlaying: false });
  });

  it('freezes the position while paused and goes on from there', () => {
    const { sut, tick } = setup(1000);
    sut.play({ uris: [a.uri, b.uri] });
    tick(400);
    expect(sut.pause()).toBe(true);
    expect(sut.pause()).toBe(false);
    tick(5000);
    expect(sut.view()).toMatchObject({ item: a.uri, progressMs: 400, isPlaying: false });
    expect(sut.resume()).toBe(true);
    expect(sut.resume()).toBe(false);
    tick(600);
    expect(sut.view()).toMatchObject({ item: b.uri, progressMs: 0, isPlaying: true });
  });

  it('applies a new track duration to the track playing', () => {
    const { sut, state, tick } = setup();
    sut.play({ uris: [a.uri, b.uri] });
    tick(500);
    state.updateSettings({ trackDurationMs: 300 });
    // a started 500 ms ago and now lasts 300 ms: it ended 200 ms ago.
    expect(sut.view()).toMatchObject({ item: b.uri, progressMs: 200, durationMs: 300 });
  });
});
