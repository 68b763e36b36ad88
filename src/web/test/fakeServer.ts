/**
 * A fake of the HTTP boundary for component tests: routes by method and path,
 * records every request. Only `fetch` is replaced; everything else is real.
 */
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export function json(status: number, body?: unknown): Reply {
  return { status, body };
}

export function apiError(status: number, code: string, message: string, details?: { path: string; message: string }[]): Reply {
  return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: { method: string; path: string | RegExp; handler: Handler }[] = [];

  /** Later registrations win, so a test can override a default route. */
  on(method: string, path: string | RegExp, handler: Handler | Reply): this {
    this.routes.unshift({ method, path, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const req: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    this.requests.push(req);
    const route = this.routes.find((r) => r.method === method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
    const reply = route ? await route.handler(req) : apiError(404, 'not_found', `No fake route for ${method} ${url.pathname}`);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  });
}
