/**
 * Baseline (a) of `npm run bench`: a bare Fastify server that answers GET /?bytes=N
 * with a constant JSON body of N bytes (and POST the same) — the HTTP stack's
 * ceiling for a response of that size. Prints its port on stdout when listening.
 */
import Fastify from 'fastify';

const bodies = new Map<number, string>();
function body(bytes: number): string {
  let b = bodies.get(bytes);
  if (b === undefined) {
    const filler = Math.max(0, bytes - 12);
    b = `{"data":"${'x'.repeat(filler)}"}`;
    bodies.set(bytes, b);
  }
  return b;
}

const app = Fastify({ logger: false });
const handler = async (request: { query: unknown }, reply: { header: (k: string, v: string) => unknown }) => {
  const bytes = Number((request.query as { bytes?: string }).bytes ?? '100');
  reply.header('content-type', 'application/json; charset=utf-8');
  return body(Number.isFinite(bytes) ? Math.min(bytes, 50_000_000) : 100);
};
app.get('/', handler);
app.post('/', handler);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(typeof address === 'object' && address ? address.port : 0);
