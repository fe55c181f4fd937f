import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A development secret generated on first boot and kept in the data folder (mode 0600). */
export function loadOrCreateDevSecret(dataDir: string, name: string): string {
  const path = join(dataDir, `.${name}`);
  if (existsSync(path)) {
    const value = readFileSync(path, 'utf8').trim();
    if (value.length >= 32) return value;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(48).toString('base64url');
  writeFileSync(path, value, { mode: 0o600 });
  chmodSync(path, 0o600);
  return value;
}
