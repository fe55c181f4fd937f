export type SandboxDeviceType = 'Smartphone' | 'Computer' | 'Speaker' | 'TV';

export interface SandboxDevice {
  id: string;
  name: string;
  type: SandboxDeviceType;
  is_active: boolean;
  volume_percent: number;
}

/** A demo account: each one exists to exercise one of Spotify's real behaviours. */
export interface SandboxAccount {
  id: string;
  displayName: string;
  product: 'premium' | 'free';
  /** Initial devices; `is_active` is where playback goes without a device_id. */
  devices: readonly SandboxDevice[];
  /** False: not on the app's Development Mode allowlist, so every Web API call is a plain-text 403. */
  allowlisted: boolean;
  /** True: an extended-quota app, so `/me` still carries email, country and product. */
  extendedQuota: boolean;
  email: string;
  country: string;
  /** Shown on the login page: what logging in as this account lets you test. */
  description: string;
}

function device(id: string, name: string, type: SandboxDeviceType, active: boolean): SandboxDevice {
  return { id, name, type, is_active: active, volume_percent: 70 };
}

const account = (
  fields: Omit<SandboxAccount, 'allowlisted' | 'extendedQuota' | 'email' | 'country'> &
    Partial<SandboxAccount>,
): SandboxAccount => ({
  allowlisted: true,
  extendedQuota: false,
  email: `${fields.id}@example.com`,
  country: 'DE',
  ...fields,
});

export const SANDBOX_ACCOUNTS: readonly SandboxAccount[] = Object.freeze([
  account({
    id: 'dj-alex',
    displayName: 'DJ Alex',
    product: 'premium',
    devices: [
      device('alex-phone', "Alex's phone", 'Smartphone', true),
      device('alex-laptop', "Alex's laptop", 'Computer', false),
    ],
    description: 'Premium, phone active, 3 playlists (+1 followed that is not theirs)',
  }),
  account({
    id: 'casey',
    displayName: 'Casey Jordan',
    product: 'premium',
    devices: [device('casey-speaker', 'Living room speaker', 'Speaker', true)],
    description: 'Premium, speaker active, 2 playlists',
  }),
  account({
    id: 'sam-free',
    displayName: 'Sam (free)',
    product: 'free',
    devices: [device('sam-phone', "Sam's phone", 'Smartphone', true)],
    description: 'Free account: player commands fail with PREMIUM_REQUIRED',
  }),
  account({
    id: 'robin-nodevice',
    displayName: 'Robin',
    product: 'premium',
    devices: [device('robin-tv', "Robin's TV", 'TV', false)],
    description: 'Premium, no active device: player commands fail with NO_ACTIVE_DEVICE',
  }),
  account({
    id: 'morgan-unlisted',
    displayName: 'Morgan',
    product: 'premium',
    devices: [device('morgan-laptop', "Morgan's laptop", 'Computer', true)],
    allowlisted: false,
    description: 'Not on the app allowlist: login works, every Web API call is a 403',
  }),
  account({
    id: 'emery-extended',
    displayName: 'Emery',
    product: 'premium',
    devices: [device('emery-desktop', "Emery's desktop", 'Computer', true)],
    extendedQuota: true,
    email: 'emery@example.com',
    description: 'Extended quota: /me includes email, country and product',
  }),
]);

export function findSandboxAccount(id: string): SandboxAccount | undefined {
  return SANDBOX_ACCOUNTS.find((candidate) => candidate.id === id);
}
