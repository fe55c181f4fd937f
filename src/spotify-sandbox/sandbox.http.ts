import type { Request, Response } from 'express';

/** Express 5 gives repeated query parameters as arrays; Spotify reads the first one. */
export function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** A parsed body as a plain record, whoever parsed it (this sandbox or the host app). */
export function bodyRecord(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

export function bodyString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** The Web API's error shape: `{"error": {"status", "message", "reason"?}}`. */
export function apiError(res: Response, status: number, message: string, reason?: string): void {
  res.status(status).json({ error: { status, message, ...(reason ? { reason } : {}) } });
}

/** The Accounts service's flat error shape. */
export function oauthError(res: Response, error: string, description: string): void {
  res.status(400).json({ error, error_description: description });
}

/** This request's absolute URL without the query, for paging links a client may follow. */
export function selfUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/** limit/offset as Spotify validates them; undefined after answering 400. */
export function pageRequest(
  req: Request,
  res: Response,
  defaults: { limit: number; maxLimit: number },
): PageRequest | undefined {
  const rawLimit = queryParam(req, 'limit');
  const rawOffset = queryParam(req, 'offset');
  const limit = rawLimit === undefined ? defaults.limit : Number(rawLimit);
  const offset = rawOffset === undefined ? 0 : Number(rawOffset);
  if (!Number.isInteger(limit) || limit < 1 || limit > defaults.maxLimit) {
    apiError(res, 400, 'Invalid limit');
    return undefined;
  }
  if (!Number.isInteger(offset) || offset < 0) {
    apiError(res, 400, 'Invalid offset');
    return undefined;
  }
  return { limit, offset };
}

/** Spotify's paging object, with href/next/previous pointing back at this sandbox. */
export function paging<T>(
  req: Request,
  all: readonly T[],
  { limit, offset }: PageRequest,
  extraQuery: Record<string, string> = {},
) {
  const link = (at: number) =>
    `${selfUrl(req)}?${new URLSearchParams({ ...extraQuery, offset: String(at), limit: String(limit) }).toString()}`;
  return {
    href: link(offset),
    items: all.slice(offset, offset + limit),
    limit,
    next: offset + limit < all.length ? link(offset + limit) : null,
    offset,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    total: all.length,
  };
}
