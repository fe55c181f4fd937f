/** The authenticated caller, as proven by our JWT. Guests are scoped to the one room they joined. */
export interface AuthUser {
  id: string;
  isGuest: boolean;
  /** Set for guest sessions: the only room the token is valid for. */
  roomId: string | null;
}

/** The request shape shared by HTTP and both WebSocket protocols (see GraphQL context). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}
