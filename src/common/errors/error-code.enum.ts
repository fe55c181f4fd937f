/** The `extensions.code` values of the API contract (plus the generic internal error). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  SPOTIFY_UNAVAILABLE = 'SPOTIFY_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The database or Redis cannot serve the request now: retry (`extensions.retryable`). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}
