import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig', () => {
  it('starts with safe defaults: loopback, port 3000, PGlite in ./data, no proxy trusted', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, dataDir: resolve('./data'), trustProxy: false });
    expect(c.sessionIdleSeconds).toBe(30 * 60);
    expect(c.lockoutThreshold).toBe(5);
  });

  it('reads the environment', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://tandem:secret@db:5432/tandem',
      TANDEM_PUBLIC_URL: 'https://tandem.example.org/',
      TANDEM_TRUST_PROXY: 'true',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://tandem:secret@db:5432/tandem',
      publicUrl: 'https://tandem.example.org',
      trustProxy: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://root@localhost/tandem' }, 'DATABASE_URL: must start with postgres:// or postgresql://'],
    [{ DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL'],
    [{ TANDEM_PUBLIC_URL: 'tandem dot org' }, 'TANDEM_PUBLIC_URL'],
    [{ TANDEM_TRUST_PROXY: 'yes' }, 'TANDEM_TRUST_PROXY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TANDEM_DB_POOL_SIZE: '0' }, 'TANDEM_DB_POOL_SIZE'],
    [{ TANDEM_REPORT_CONNECTIONS: '0' }, 'TANDEM_REPORT_CONNECTIONS: must be a whole number from 1 to 32'],
    [{ TANDEM_REPORT_CONNECTIONS: 'two' }, 'TANDEM_REPORT_CONNECTIONS: must be a whole number from 1 to 32'],
    [{ TANDEM_WORKLISTS_AT_ONCE: '0' }, 'TANDEM_WORKLISTS_AT_ONCE: must be a whole number from 1 to 32'],
  ])('refuses %j with a ConfigError naming the variable', (env, named) => {
    expect(failure(env)).toContain(named);
  });

  it('names every bad variable at once', () => {
    const message = failure({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
  });

  it('does not print the database password in its complaint', () => {
    expect(failure({ DATABASE_URL: 'mysql://tandem:hunter2@db/tandem' })).not.toContain('hunter2');
  });

  it('treats an empty PORT as unset, not as "any free port"', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
    expect(loadConfig({ PORT: ' ' }).port).toBe(3000);
  });
});
