import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/app-config.js';
import { PresenceService } from './presence.service.js';
import { MemoryPresenceStore, PresenceStore } from './presence.store.js';

const config = {
  presence: { windowMs: 60_000, heartbeatMs: 1000, subscriptionTtlMs: 3000, touchEveryMs: 1000 },
} as AppConfig;

/** A shared store that is unreachable (Redis down). */
class DownStore extends PresenceStore {
  mark = () => Promise.reject(new Error('down'));
  renew = () => Promise.reject(new Error('down'));
  unmark = () => Promise.reject(new Error('down'));
  present = () => Promise.reject(new Error('down'));
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PresenceService', () => {
  it('counts operations and subscriptions, and a last subscription ending takes the operations with it', async () => {
    const presence = new PresenceService(new MemoryPresenceStore(), config);
    presence.touch('room', 'ada');
    const leave = presence.enter('room', 'bob');
    presence.touch('room', 'bob');
    await settle();
    expect([...(await presence.activeUserIds('room'))].sort()).toEqual(['ada', 'bob']);
    leave();
    await settle();
    expect([...(await presence.activeUserIds('room'))]).toEqual(['ada']);
  });

  it("counts only this instance's own while the shared store is down, and refuses to when asked for the whole count", async () => {
    const presence = new PresenceService(new DownStore(), config);
    presence.touch('room', 'ada');
    presence.enter('room', 'bob');
    await settle();
    expect([...(await presence.activeUserIds('room'))].sort()).toEqual(['ada', 'bob']);
    await expect(presence.activeUserIds('room', { partial: false })).rejects.toThrow('down');
  });
});
