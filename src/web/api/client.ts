/**
 * The one place the web app talks HTTP. Adds the CSRF header to unsafe methods,
 * turns error bodies into ApiError, tells the session when the server says we are
 * no longer signed in (401), and asks again when a read found the server busy (503).
 */
import { ApiError, NETWORK_ERROR_CODE, errorFromBody, isAbortError } from './errors.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /**
   * A 401 is an expected answer (sign-in, the session probe at start-up):
   * do not treat it as "the session ended".
   */
  expectUnauthorized?: boolean;
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();
const responseListeners = new Set<() => void>();
const sessionStaleListeners = new Set<() => void>();

/** Codes with which the server says "your session changed under you": re-read it (new CSRF token, forced password change). */
export const SESSION_STALE_CODES: readonly string[] = ['csrf_failed', 'password_change_required', 'mfa_enrollment_required'];

/** Called when an answer shows the session this page holds is out of date (see SESSION_STALE_CODES). */
export function onSessionStale(listener: () => void): () => void {
  sessionStaleListeners.add(listener);
  return () => sessionStaleListeners.delete(listener);
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever an API call answers 401 unexpectedly (session expired or revoked). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Called whenever the server answered (any status): the server has seen us, its idle clock restarted. */
export function onServerResponse(listener: () => void): () => void {
  responseListeners.add(listener);
  return () => responseListeners.delete(listener);
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A read answered 503 (the server had no database connection free in time, so it did
 * nothing: at a state's size, many supervisors opening their worklists at once) is
 * asked again after the server's Retry-After, a few times, before the error is shown.
 * Writes are not: the person sees "busy" and decides.
 */
export const BUSY_RETRIES = 3;
const RETRY_AFTER_MAX_MS = 5_000;

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, RETRY_AFTER_MAX_MS) : 1_000;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(buildUrl(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (err) {
      if (isAbortError(err)) throw err;
      throw new ApiError(0, NETWORK_ERROR_CODE, 'The server could not be reached');
    }
    for (const listener of responseListeners) listener();
    if (response.status !== 503 || method !== 'GET' || attempt >= BUSY_RETRIES) break;
    await pause(retryAfterMs(response), options.signal);
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await readJson(response)) as T;
  }

  const error = errorFromBody(response.status, await readJson(response));
  if (response.status === 401 && !options.expectUnauthorized) {
    for (const listener of unauthorizedListeners) listener();
  }
  if (response.status === 403 && SESSION_STALE_CODES.includes(error.code)) {
    for (const listener of sessionStaleListeners) listener();
  }
  throw error;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
};
