import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliUsageError extends Error {}

/** The command ran and found something wrong (its message says what): exit 1, no usage text. */
export class CliFailure extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliUsageError(`--${flag} is required`);
  return value;
}

/** Everything piped to stdin, or null when stdin is a terminal (nobody piped anything). */
export async function readPipedStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
