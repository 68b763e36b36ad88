/**
 * The bench's child processes: the Tandem server (`tandem serve`, so its memory is its
 * own) and the bare Fastify server of baseline (a). Every child is stopped when the
 * bench exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});

/**
 * Starts `tandem serve` on a free port with the program's settings (`env`) and waits for
 * its health check. `apiOnly` serves the API alone, the web app not built (`serve --dev`).
 */
export async function startTandem(env: Record<string, string>, options: { pool: number; apiOnly: boolean }): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROF=folder: the server writes its CPU profile there when it stops (bench/README.md).
  const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), 'bin/tandem.mjs', 'serve', ...(options.apiOnly ? ['--dev'] : [])], {
    // The per-person limits on reports and exports would answer most of the load 429 (one token per
    // role drives each scenario): lifted, so the figures are the work's. Errors are logged to the console.
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      TANDEM_DB_POOL_SIZE: String(options.pool),
      TANDEM_REPORT_RATE_PER_MINUTE: '100000',
      TANDEM_EXPORT_RATE_PER_HOUR: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${String(port)}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${String(child.exitCode)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start in 2 minutes');
}

/** Starts bench/bare-server.ts, baseline (a). */
export async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${String(code)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Peak resident memory of a process while `work` runs, sampled every 100 ms (MB). */
export async function peakRss<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; rssMb: number }> {
  let peak = 0;
  const sample = () => {
    if (pid === undefined) return;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
      if (m?.[1]) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process is gone
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, rssMb: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}
