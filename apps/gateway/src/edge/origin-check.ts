/** Methods that change something: the ones a cross-site form or fetch could use against a cookie. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin as browsers serialise it (lower-case host, default port dropped), to compare exactly. */
export function serialisedOrigin(publicOrigin: string): string {
  return new URL(publicOrigin).origin;
}

/**
 * CSRF defence for writes (OWASP: verify the Origin header). A cookie-authenticated write must
 * carry our own origin: SameSite=Lax alone still lets sibling sites and old browsers through. A
 * write without a session may come without Origin (curl, server-side callers), but a browser that
 * names another origin is refused, so no other site can log a victim in to its own account.
 */
export function originAllowed(origin: string | undefined, expectedOrigin: string, required: boolean): boolean {
  if (origin === undefined || origin === '') return !required;
  return origin === expectedOrigin;
}
