export {
  createSpotifySandbox,
  startSpotifySandbox,
  type RunningSpotifySandbox,
  type SpotifySandbox,
  type StartSandboxOptions,
} from './sandbox.app.js';
export { SandboxState } from './sandbox.state.js';
export { SANDBOX_ACCOUNTS, type SandboxAccount, type SandboxDevice } from './sandbox-accounts.js';
export {
  sandboxCatalogue,
  findTrackById,
  searchCatalogue,
  type SandboxTrack,
} from './catalogue.js';
export { sandboxPlaylists, type SandboxPlaylist } from './playlists.js';
export { SandboxPlayer, type PlayRequest } from './sandbox.player.js';
export type {
  SandboxClient,
  SandboxClock,
  SandboxFaultInput,
  SandboxOptions,
  SandboxPlayerView,
  SandboxRequestRecord,
  SandboxSettings,
} from './sandbox.types.js';
export { DEFAULT_SANDBOX_CLIENT } from './sandbox.types.js';
