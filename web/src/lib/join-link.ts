/** What the server says about where guests reach the app (GET /web/config). */
export interface WebConfig {
  publicUrl: string | null;
  lanUrl: string | null;
}

/**
 * The origin of the join link guests open or scan: PUBLIC_URL when the server has one; else this
 * page's own origin, unless that is a loopback one (the host opened 127.0.0.1 on the server's
 * machine), which phones cannot reach: then the server's address on the local network.
 */
export function joinOrigin(pageOrigin: string, config: WebConfig | null): string {
  if (config?.publicUrl) return config.publicUrl;
  if (isLoopback(pageOrigin) && config?.lanUrl) return config.lanUrl;
  return pageOrigin;
}

export function joinLink(origin: string, code: string): string {
  return `${origin}/join/${code}`;
}

/** Whether guests on other devices could not open a link on this origin. */
export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
