/** The join link guests open (or scan): this page's own origin, which the host should open at
 * the address guests can reach (a LAN address, see the README), never a loopback one. */
export function joinLink(origin: string, code: string): string {
  return `${origin}/join/${code}`;
}

/** Whether guests on other devices could not open a link on this origin. */
export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
