/**
 * Where to go after signing in. Only paths inside this app are accepted, so a
 * crafted link (?next=https://evil.example) cannot send someone elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/invitation/')) return '/';
  return next;
}

export function signInPath(next?: string): string {
  const target = next ? safeNextPath(next) : '/';
  return target === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(target)}`;
}
