/** Runs the `tandem` command as an administrator would: a real process, its output and exit code. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/tandem.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `tandem …` on the embedded database in `dataDir` (DATABASE_URL removed unless
 * `extraEnv` sets it); `stdin` undefined means an empty, closed stdin (as under cron or CI).
 */
export function tandem(dataDir: string, args: string[], stdin?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TANDEM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    Object.assign(env, extraEnv);
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
