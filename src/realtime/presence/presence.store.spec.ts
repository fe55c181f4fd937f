import { describe, expect, it } from '@jest/globals';
import { MemoryPresenceStore } from './presence.store.js';

describe(MemoryPresenceStore.name, () => {
  it('answers whether a mark brought someone: new, still present, or back after expiring', async () => {
    const store = new MemoryPresenceStore();
    expect(await store.mark('room', 'op:ada', 1_000, 0)).toBe(true);
    expect(await store.mark('room', 'op:ada', 1_500, 500)).toBe(false);
    // Expired at 1,500 although nothing read the room since: she came again.
    expect(await store.mark('room', 'op:ada', 3_000, 1_500)).toBe(true);
  });

  it('keeps the later expiry when a mark would shorten it', async () => {
    const store = new MemoryPresenceStore();
    await store.mark('room', 'sub:ada:i1', 5_000, 0);
    expect(await store.mark('room', 'sub:ada:i1', 2_000, 100)).toBe(false);
    expect(await store.present('room', 4_000)).toEqual(['sub:ada:i1']);
  });

  it('leaves expired members out of the room and drops them', async () => {
    const store = new MemoryPresenceStore();
    await store.mark('room', 'op:ada', 1_000, 0);
    await store.mark('room', 'op:bob', 2_000, 0);
    expect(await store.present('room', 1_000)).toEqual(['op:bob']);
    expect(await store.unmark('room', 'op:ada')).toBe(false);
    expect(await store.present('room', 2_000)).toEqual([]);
  });
});
