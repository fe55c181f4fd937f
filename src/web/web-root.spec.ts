import { describe, expect, it } from '@jest/globals';
import { NOT_APP_ROUTES } from './web-root.js';

describe('NOT_APP_ROUTES', () => {
  it.each(['/', '/join/ABC234', '/join/abc234/', '/room/ABC234'])(
    'lets the app answer %s',
    (path) => {
      expect(NOT_APP_ROUTES.test(path)).toBe(false);
    },
  );

  it.each([
    '/graphql',
    '/auth/login',
    '/sandbox/spotify/v1/me',
    '/health',
    '/metrics',
    '/web/config',
    '/playground/static/js/index.js',
    '/no/such/route',
    '/join/TOOLONG1',
    '/join/ABC234/more',
  ])('leaves %s to the server', (path) => {
    expect(NOT_APP_ROUTES.test(path)).toBe(true);
  });
});
