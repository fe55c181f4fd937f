import { type DynamicModule, Module } from '@nestjs/common';
import { SPOTIFY_STAND_IN, type SpotifyStandIn } from '../config/app-config.js';
import { ConfigValidationError } from '../config/config-validation.error.js';
import { sandboxOptionsFromEnv } from './sandbox.env.js';
import { DEFAULT_SANDBOX_CLIENT } from './sandbox.types.js';
import {
  SANDBOX_MOUNT_PATH,
  SANDBOX_OPTIONS,
  SpotifySandboxMount,
} from './spotify-sandbox.mount.js';

const STAND_IN: SpotifyStandIn = {
  clientId: DEFAULT_SANDBOX_CLIENT.clientId,
  clientSecret: DEFAULT_SANDBOX_CLIENT.clientSecret,
  path: SANDBOX_MOUNT_PATH,
};

/**
 * The built-in Spotify stand-in, so the app runs and can be tried end to end right after
 * `npm install`: it mounts the sandbox and hands the configuration the sandbox's client and
 * URLs. Global so that AppConfig (in the config module) sees the stand-in it provides.
 */
@Module({})
export class SpotifySandboxModule {
  /** On when no Spotify app is configured, outside production (which requires one). */
  static wanted(env: Record<string, string | undefined>): boolean {
    return !env.SPOTIFY_CLIENT_ID && env.NODE_ENV !== 'production';
  }

  /** `env`: the sandbox's own variables (SANDBOX_TRACK_DURATION_MS), checked here. */
  static forRoot(env: Record<string, string | undefined>): DynamicModule {
    const { options, problems } = sandboxOptionsFromEnv(env);
    if (problems.length > 0) throw new ConfigValidationError(problems);
    return {
      module: SpotifySandboxModule,
      global: true,
      providers: [
        { provide: SPOTIFY_STAND_IN, useValue: STAND_IN },
        { provide: SANDBOX_OPTIONS, useValue: options },
        SpotifySandboxMount,
      ],
      exports: [SPOTIFY_STAND_IN, SpotifySandboxMount],
    };
  }
}
