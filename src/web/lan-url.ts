import { networkInterfaces } from 'node:os';

/**
 * The address phones on the same network reach this server at: the first IPv4 address of a
 * network interface that is not loopback, with the port. Null when the server listens on a
 * loopback address only, or has no such interface.
 */
export function lanUrl(
  host: string,
  port: number,
  interfaces = networkInterfaces(),
): string | null {
  if (host === 'localhost' || isLoopback(host)) return null;
  for (const addresses of Object.values(interfaces)) {
    const address = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (address) return `http://${address.address}:${port}`;
  }
  return null;
}

/** An IPv4 or IPv6 loopback address (IPv4 also as an IPv4-mapped IPv6 address). */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
