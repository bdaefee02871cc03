// api.mjs — what the demo page reads from the end user's token (the server verifies it).

/** The claims of a JWT, read (not verified: the server verifies) to learn the hub and user. */
export function claimsOf(token) {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
}
