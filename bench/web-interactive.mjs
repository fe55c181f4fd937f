// Time to interactive of the web app's room screen, in Chromium, with no cache: how long a guest
// who opens /room/<CODE> on a phone-sized page waits before they can vote. Not a timed test (the
// figure depends on the machine): run it with `npm run bench:web` and see README, "The web app".
//
// The built server (dist/server.mjs, rebuilt first when stale) runs in sandbox mode in a fresh
// data folder; a host creates a party with 20 tracks to vote on and one guest joins. Each run is
// a new browser context (empty cache, nothing kept) that already holds the guest's session, as a
// returning guest does; "interactive" is the moment the first Like button of the vote list is on
// the screen and enabled, measured by the page itself from the start of navigation.
import '../scripts/ensure-build.mjs';
import { chromium } from 'playwright-core';
import { gql, VOTE } from './lib/operations.mjs';
import { catalogueUris, createParty } from './lib/party.mjs';
import { startServer } from './lib/server-process.mjs';
import { percentile } from './lib/stats.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
const TRACKS = 20;

const server = await startServer({ name: 'web', script: 'dist/server.mjs' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 5, guestCount: 1 });
  const [guest] = party.guests;
  for (const uri of await catalogueUris(target, party, TRACKS)) {
    await gql(
      server.url,
      VOTE,
      { input: { code: party.room.code, trackUri: uri, isLike: true } },
      party.hostToken,
    );
  }
  const session = JSON.stringify({ token: guest.token, kind: 'guest', roomCode: party.room.code });

  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    await context.addInitScript(
      (value) => localStorage.setItem('spotify-party.session', value),
      session,
    );
    const page = await context.newPage();
    await page.goto(`${server.url}/room/${party.room.code}`);
    const like = page
      .getByRole('list', { name: 'Vote', exact: true })
      .getByRole('button', { name: /^Like / })
      .first();
    await like.waitFor();
    const ms = await page.evaluate(() => performance.now());
    if (!(await like.isEnabled())) throw new Error('The Like button is not enabled');
    samples.push(ms);
    await context.close();
  }
  const round = (ms) => Math.round(ms);
  console.log(
    `Room screen interactive (no cache, ${RUNS} runs): median ${round(percentile(samples, 50))} ms, ` +
      `p90 ${round(percentile(samples, 90))} ms, min ${round(Math.min(...samples))} ms, max ${round(Math.max(...samples))} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}
