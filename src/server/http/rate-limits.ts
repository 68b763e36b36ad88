/**
 * Limits on the expensive endpoints (reports, exports, FHIR). Counted per signed-in
 * person, after authentication, so one busy office behind one address does not
 * share a budget and an unauthenticated caller never reaches the count. Counters
 * live in the server's memory: each server of a pair counts on its own.
 */
import type { FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { AppError } from './errors.ts';

export function perPersonLimit(max: number, timeWindow: '1 minute' | '1 hour'): RateLimitOptions {
  return {
    max,
    timeWindow,
    hook: 'preHandler',
    keyGenerator: (request: FastifyRequest) => (request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError(
        429,
        'too_many_requests',
        `This is limited to ${context.max} requests per ${timeWindow} for each person. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  };
}
