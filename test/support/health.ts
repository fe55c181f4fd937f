/** What Terminus answers on GET /health: per component, `up` or `down` with details. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, { status: string; [detail: string]: unknown }>;
  error: Record<string, { status: string; message?: string; [detail: string]: unknown }>;
}

/** GET /health of an app, in-process or spawned. */
export async function getHealth(baseUrl: string): Promise<{ status: number; body: HealthReport }> {
  const response = await fetch(`${baseUrl}/health`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}
