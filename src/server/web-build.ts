/** `npm start` builds the web app when dist/web is missing or older than its sources. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), s.mtimeMs);
}

export function webBuildIsStale(): boolean {
  const index = join(ROOT, 'dist/web/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [join(ROOT, 'src/web'), join(ROOT, 'src/core'), join(ROOT, 'index.html')].filter((p) => existsSync(p));
  return sources.some((p) => newestMtime(p) > built);
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
