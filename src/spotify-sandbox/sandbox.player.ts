import { findTrackByUri } from './catalogue.js';
import type { SandboxDevice } from './sandbox-accounts.js';
import type { SandboxPlayerView } from './sandbox.types.js';

/**
 * One account's playback, simulated on the wall clock (Date.now()): a playing track advances to
 * the next queued one when its duration has passed, so a poller sees tracks change like on Spotify.
 */
export class SandboxPlayer {
  readonly devices: SandboxDevice[];
  private current: string | null = null;
  private playing = false;
  /** When the current track would have started had it played without pause. */
  private startedAt = 0;
  private pausedProgressMs = 0;
  private readonly queue: string[] = [];
  /** The rest of the URIs of the last play command; played after the user queue, like a context. */
  private context: string[] = [];
  private readonly history: string[] = [];

  constructor(devices: readonly SandboxDevice[]) {
    this.devices = devices.map((device) => ({ ...device }));
  }

  get activeDevice(): SandboxDevice | undefined {
    return this.devices.find((device) => device.is_active);
  }

  findDevice(id: string): SandboxDevice | undefined {
    return this.devices.find((device) => device.id === id);
  }

  /** null deactivates every device. Returns false for an unknown device. */
  activate(deviceId: string | null): boolean {
    if (deviceId !== null && !this.findDevice(deviceId)) return false;
    for (const device of this.devices) device.is_active = device.id === deviceId;
    return true;
  }

  play(uris: string[] | undefined, now = Date.now()): void {
    this.advance(now);
    if (uris && uris.length > 0) {
      this.context = uris.slice(1);
      this.start(uris[0], now);
    } else if (this.current && !this.playing) {
      this.playing = true;
      this.startedAt = now - this.pausedProgressMs;
    }
  }

  pause(now = Date.now()): void {
    this.advance(now);
    if (!this.playing) return;
    this.pausedProgressMs = now - this.startedAt;
    this.playing = false;
  }

  enqueue(uri: string, now = Date.now()): void {
    this.advance(now);
    this.queue.push(uri);
  }

  view(now = Date.now()): SandboxPlayerView {
    this.advance(now);
    return {
      isPlaying: this.playing,
      item: this.current,
      progressMs: this.progress(now),
      activeDeviceId: this.activeDevice?.id ?? null,
      queue: [...this.queue],
      history: [...this.history],
    };
  }

  private start(uri: string, at: number): void {
    this.current = uri;
    this.playing = true;
    this.startedAt = at;
    this.pausedProgressMs = 0;
    this.history.push(uri);
  }

  private progress(now: number): number {
    if (!this.current) return 0;
    return this.playing ? now - this.startedAt : this.pausedProgressMs;
  }

  private advance(now: number): void {
    while (this.playing && this.current) {
      const duration = findTrackByUri(this.current)?.duration_ms ?? 0;
      const endsAt = this.startedAt + duration;
      if (now < endsAt) return;
      const next = this.queue.shift() ?? this.context.shift();
      if (next) {
        this.start(next, endsAt);
      } else {
        this.playing = false;
        this.pausedProgressMs = 0;
      }
    }
  }
}
