import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { chromiumAvailable } from './support/chromium.js';

describe('The browser suites without Chromium', () => {
  const ci = process.env.CI;
  const missing = '/nonexistent/chromium';

  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    jest.restoreAllMocks();
  });

  it('fail in CI, saying how to install it', () => {
    process.env.CI = 'true';
    expect(() => chromiumAvailable('A browser suite', missing)).toThrow(
      /A browser suite needs Chromium at \/nonexistent\/chromium.*apt-get install -y chromium/,
    );
  });

  it('are skipped elsewhere, with a warning saying how to install it', () => {
    delete process.env.CI;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(chromiumAvailable('A browser suite', missing)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('apt-get install -y chromium'));
  });

  it('run when it is installed', () => {
    expect(chromiumAvailable('A browser suite', process.execPath)).toBe(true);
  });
});
