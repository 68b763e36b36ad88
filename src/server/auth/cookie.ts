import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../http/context.ts';

/** The session cookie, set by every step that starts or replaces a session. */
export function setSessionCookie(reply: FastifyReply, secret: string, maxAgeSeconds: number): void {
  void reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the browser reached us over https (directly or through a trusted proxy).
    secure: 'auto',
    maxAge: maxAgeSeconds,
  });
}
