import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { parseCookie, stringifySetCookie } from 'cookie';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { TokenCipher } from '../spotify/token-cipher.js';
import type { LoginRequest } from './guards/spotify-login.guard.js';
import { OAuthState } from './oauth-state.entity.js';

export const LOGIN_COOKIE = 'sp_login';
const STATE_TTL_MS = 10 * 60 * 1000;
/** The cookie goes back only to the login's own routes. */
const COOKIE_PATH = '/auth';

/** What the login remembers between /auth/login and /auth/callback. */
export interface LoginState {
  redirect: string | null;
}

type StoreCallback = (error: Error | null, state?: string) => void;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The login state: passport-oauth2 stores it on the way to Spotify (as its state store), the
 * Spotify strategy claims it on the way back. Kept in the database so that a login begun on one
 * instance can finish on another. The state is single use, expires after 10 minutes and is bound to the
 * browser that began the login by a random cookie; the PKCE verifier is stored encrypted. The
 * cookie is written and read here only, with the `cookie` package: no cookie plugin runs a hook on
 * every request and response.
 */
@Injectable()
export class OAuthStateStore {
  constructor(
    @InjectRepository(OAuthState) private readonly states: Repository<OAuthState>,
    private readonly cipher: TokenCipher,
  ) {}

  // passport-oauth2 picks the PKCE variant by arity: (req, verifier, state, meta, callback).
  store(
    req: LoginRequest,
    verifier: string,
    state: LoginState | undefined,
    _meta: unknown,
    callback: StoreCallback,
  ): void {
    const handle = randomBytes(24).toString('base64url');
    const browser = randomBytes(24).toString('base64url');
    const now = Date.now();
    this.states
      .delete({ expiresAt: LessThan(new Date(now - STATE_TTL_MS)) })
      .then(() =>
        this.states.insert({
          stateHash: sha256(handle),
          browserHash: sha256(browser),
          codeVerifierEnc: this.cipher.encrypt(verifier),
          redirect: state?.redirect ?? null,
          expiresAt: new Date(now + STATE_TTL_MS),
          createdAt: new Date(now),
        }),
      )
      .then(() => {
        void req.reply.header(
          'Set-Cookie',
          stringifySetCookie({
            name: LOGIN_COOKIE,
            value: browser,
            httpOnly: true,
            sameSite: 'lax',
            secure: req.protocol === 'https',
            path: COOKIE_PATH,
            maxAge: STATE_TTL_MS / 1000,
          }),
        );
        callback(null, handle);
      })
      .catch((error: Error) => callback(error));
  }

  /**
   * Claims the state Spotify sent back: its PKCE verifier and where the login wanted to go, or
   * null when it is unknown, expired, already used or from another browser.
   */
  async claim(
    req: LoginRequest,
    providedState: unknown,
  ): Promise<{ verifier: string; redirect: string | null } | null> {
    const browser = parseCookie(req.headers.cookie ?? '')[LOGIN_COOKIE];
    if (typeof providedState !== 'string' || typeof browser !== 'string') return null;
    const stateHash = sha256(providedState);
    // Single use even under a race: only one UPDATE can flip usedAt from NULL.
    const claimed = await this.states.update(
      {
        stateHash,
        browserHash: sha256(browser),
        usedAt: IsNull(),
        expiresAt: MoreThan(new Date()),
      },
      { usedAt: new Date() },
    );
    if (claimed.affected !== 1) return null;
    const row = await this.states.findOneByOrFail({ stateHash });
    void req.reply.header(
      'Set-Cookie',
      stringifySetCookie({
        name: LOGIN_COOKIE,
        value: '',
        path: COOKIE_PATH,
        expires: new Date(0),
      }),
    );
    return { verifier: this.cipher.decrypt(row.codeVerifierEnc), redirect: row.redirect };
  }
}
