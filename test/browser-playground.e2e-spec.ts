import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { Channels } from '../src/realtime/channels.js';
import {
  createRoom,
  createSpotifyUser,
  joinAsGuest,
  run,
  trackUri,
  voteOperation,
  type Actor,
} from './support/factories.js';
import {
  chromiumAvailable,
  launchChromium,
  offlinePage,
  type OfflinePage,
} from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { untilSubscribed } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SCREENSHOTS = process.env.SCREENSHOT_DIR;

/** Empties a CodeMirror editor and types into it key by key, as a person would. */
async function typeInto(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** What the editor holds now (CodeMirror keeps its instance on the wrapper element). */
function editorValue(editor: Locator): Promise<string> {
  return editor.evaluate((el) =>
    (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
  );
}

/** Polls `read` until `accept` takes what it returns, and resolves with that. */
async function readUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  await eventually(async () => accept((last = await read())), {
    timeoutMs: 10_000,
    intervalMs: 100,
    what: 'the Playground to show it',
  }).catch((error: Error) => {
    throw new Error(`${error.message}; last seen: ${JSON.stringify(last)}`, { cause: error });
  });
  return last!;
}

// A real browser typing into a real page is slower than an HTTP call, more so on a busy CI machine.
jest.setTimeout(60_000);

const describeWithChromium = chromiumAvailable('GraphQL Playground in Chromium')
  ? describe
  : describe.skip;

describeWithChromium('GraphQL Playground in Chromium, offline', () => {
  let t: TestApp;
  let browser: Browser;
  let tab: OfflinePage;
  let page: Page;
  let host: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
    tab = await offlinePage(browser, [t.url]);
    page = tab.page;
    page.setDefaultTimeout(10_000);
    host = await createSpotifyUser(t, { displayName: 'Playground Host' });
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await t?.close();
  });

  // Playground's editors, in page order: the operation, variables/headers, then the response(s).
  const editors = () => page.locator('.CodeMirror');
  const queryEditor = () => editors().first();
  const headersEditor = () => editors().nth(1);
  const runButton = () => page.getByTitle('Execute Query (Ctrl-Enter)');
  // CodeMirror's autocomplete popup may still cover the button after typing; a click event sent
  // to the button itself is what a pointer would deliver once the popup is gone.
  const clickRun = () => runButton().dispatchEvent('click');
  const responses = async () => {
    const all = await editors().evaluateAll((elements) =>
      elements.map((el) =>
        (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
      ),
    );
    return all
      .slice(2)
      .filter((text) => text.trim().startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>);
  };
  const screenshot = async (name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  };

  it('renders from the app alone, with nothing requested from another host', async () => {
    await page.goto(`${t.url}/graphql`);
    await page.getByText('Press the Play Button').waitFor();
    expect(await page.title()).toBe(`Playground - ${t.url}/graphql`);
    // The endpoint bar shows this server; the editor is ready for input.
    expect(await page.locator('input').first().inputValue()).toBe(`${t.url}/graphql`);
    expect(await editorValue(queryEditor())).toContain('# Write your query or mutation here');
    await screenshot('playground-loaded');
    expect(tab.blocked).toEqual([]);
  });

  it('sends the token typed into its HTTP HEADERS panel and shows `me`', async () => {
    await page.getByText(/^HTTP Headers/).click();
    // The JSON is typed; the long token is pasted, as people do (typing it takes seconds).
    await typeInto(page, headersEditor(), '{"Authorization": "Bearer ');
    await page.keyboard.insertText(host.token);
    await page.keyboard.type('"}');
    expect(JSON.parse(await editorValue(headersEditor()))).toEqual({
      Authorization: `Bearer ${host.token}`,
    });
    await page.getByText('HTTP Headers (1)').waitFor();

    await typeInto(page, queryEditor(), '{ me { id displayName isGuest } }');
    expect(await editorValue(queryEditor())).toBe('{ me { id displayName isGuest } }');
    await clickRun();
    const [shown] = await readUntil(responses, (r) => r.length > 0);
    await screenshot('playground-me');
    expect(shown).toEqual({
      data: { me: { id: host.user.id, displayName: 'Playground Host', isGuest: false } },
    });
    expect(tab.blocked).toEqual([]);
  });

  it('shows a voteUpdated event, cast from elsewhere, in a subscription it opened', async () => {
    const { room } = await createRoom(t, 2, host);
    const guest = await joinAsGuest(t, room.code, 'Voter');
    const uri = trackUri('playground');

    await typeInto(
      page,
      queryEditor(),
      `subscription { voteUpdated(code: "${room.code}") { trackUri likes dislikes seq } }`,
    );
    await clickRun();
    await page.getByText('Listening …').waitFor();
    // The legacy protocol acknowledges the subscription with no message: wait for the server's.
    await untilSubscribed(t.app, Channels.voteUpdated(room.id));

    const vote = await run(
      t,
      voteOperation({ code: room.code, trackUri: uri, isLike: true }),
      guest.token,
    );
    expect(vote.errors).toBeUndefined();
    const isEvent = (r: Record<string, unknown>) =>
      (r.data as Record<string, unknown> | undefined)?.voteUpdated !== undefined;
    const shown = await readUntil(responses, (r) => r.some(isEvent));
    await screenshot('playground-subscription');
    expect(shown.filter(isEvent)).toEqual([
      {
        data: {
          voteUpdated: { trackUri: uri, likes: 1, dislikes: 0, seq: expect.any(Number) },
        },
      },
    ]);
    expect(tab.blocked).toEqual([]);
  });
});
