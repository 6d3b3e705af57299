/**
 * Headers that make a test request act as a given user. Tests call this instead of building headers by hand,
 * so the way the API authenticates can change in one place.
 */
export function as(user: { id: string }): Record<string, string> {
  return { 'X-User-Id': user.id };
}
