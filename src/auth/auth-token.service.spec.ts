import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config.js';
import { AuthTokenService } from './auth-token.service.js';
import { jwtKey } from './jwt-key.js';

const USER = '00000000-0000-4000-8000-000000000001';

describe(AuthTokenService.name, () => {
  const jwt = new JwtService({ secret: jwtKey('s'.repeat(32)) });
  const sut = new AuthTokenService(jwt, {
    jwtExpiresIn: 60,
    guestSessionExpiresIn: 60,
  } as AppConfig);

  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers a token it verified before without checking it again, until the token expires', () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
    const { accessToken } = sut.issueForGuest(USER, 'room-1');
    const verify = jest.spyOn(jwt, 'verify');

    const first = sut.verifyAuthorization(`Bearer ${accessToken}`);
    const again = sut.verifyAuthorization(`Bearer ${accessToken}`);

    expect(first).toEqual({ id: USER, isGuest: true, roomId: 'room-1' });
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
    jest.setSystemTime(new Date('2026-11-30T12:00:59.999Z'));
    expect(sut.verifyAuthorization(`Bearer ${accessToken}`)).toEqual(first);
    jest.setSystemTime(new Date('2026-11-30T12:01:00Z'));
    expect(() => sut.verifyAuthorization(`Bearer ${accessToken}`)).toThrow(
      expect.objectContaining({ reason: 'TOKEN_EXPIRED' }),
    );
    expect(() => sut.verifyAuthorization(`Bearer ${accessToken}`)).toThrow(
      expect.objectContaining({ reason: 'TOKEN_EXPIRED' }),
    );
  });

  it('never keeps a token that failed', () => {
    const { accessToken } = sut.issueForUser(USER);
    const tampered = `${accessToken.slice(0, -2)}${accessToken.endsWith('A') ? 'BB' : 'AA'}`;
    for (let i = 0; i < 2; i++) {
      expect(() => sut.verifyAuthorization(`Bearer ${tampered}`)).toThrow(
        expect.objectContaining({ reason: 'TOKEN_INVALID' }),
      );
    }
    expect(sut.verifyAuthorization(`Bearer ${accessToken}`)).toEqual({
      id: USER,
      isGuest: false,
      roomId: null,
    });
  });
});
