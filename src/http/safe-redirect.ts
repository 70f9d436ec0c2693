/**
 * Where to send someone after sign-in: a path on this site only. Anything
 * else ('//evil.example', 'https://evil.example', '/\evil.example') would
 * let a crafted link send a person elsewhere, so it becomes the scorecard.
 */
export function safeLocalPath(next: string | undefined, fallback = '/scorecard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return fallback;
  return next;
}
