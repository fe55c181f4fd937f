import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator.js';
import type { LoginResult } from './auth.service.js';
import { type LoginRequest, SpotifyLoginGuard } from './guards/spotify-login.guard.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';

/** The REST half of Spotify login; everything else is GraphQL. */
@Public()
@Controller('auth')
export class AuthController {
  /** Redirects to Spotify's consent page (the guard does it). `?redirect=` a frontend URL. */
  @Get('login')
  @RateLimit('login')
  @UseGuards(SpotifyLoginGuard)
  login(): void {
    // Never reached: the guard answers with the redirect.
  }

  /**
   * Spotify sends the browser back here. Answers our own token as JSON, or, when the login began
   * with an allowed `redirect`, sends the browser there with the token in the URL fragment (never
   * in the query string, so it stays out of server logs and Referer headers).
   */
  @Get('callback')
  @RateLimit('login')
  @UseGuards(SpotifyLoginGuard)
  callback(@Req() req: LoginRequest & { user: LoginResult }, @Res() res: FastifyReply): void {
    const { accessToken, tokenType, expiresIn, user } = req.user;
    void res.header('Cache-Control', 'no-store');
    const redirect = req.loginState?.redirect;
    if (redirect) {
      const fragment = new URLSearchParams({
        access_token: accessToken,
        token_type: tokenType,
        expires_in: String(expiresIn),
      });
      void res.redirect(`${redirect}#${fragment.toString()}`, 302);
      return;
    }
    void res.send({
      accessToken,
      tokenType,
      expiresIn,
      user: {
        id: user.id,
        spotifyId: user.spotifyId,
        isGuest: user.isGuest,
        displayName: user.displayName,
        avatarUrl: user.avatarUrl,
        email: user.email,
        createdAt: user.createdAt,
      },
    });
  }
}
