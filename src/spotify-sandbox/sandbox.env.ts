import type { SandboxOptions } from './sandbox.types.js';

/**
 * The sandbox's own settings from the environment, for the mounted and the standalone sandbox
 * alike, with the problems found (each naming its variable).
 */
export function sandboxOptionsFromEnv(env: Record<string, string | undefined>): {
  options: Pick<SandboxOptions, 'trackDurationMs'>;
  problems: string[];
} {
  const raw = env.SANDBOX_TRACK_DURATION_MS;
  if (raw === undefined || raw === '') return { options: {}, problems: [] };
  const trackDurationMs = Number(raw);
  if (!Number.isInteger(trackDurationMs) || trackDurationMs < 1) {
    return {
      options: {},
      problems: [
        `SANDBOX_TRACK_DURATION_MS must be a positive number of milliseconds, got "${raw}"`,
      ],
    };
  }
  return { options: { trackDurationMs }, problems: [] };
}
