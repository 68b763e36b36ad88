import { loadConfig } from '../../server/config.ts';
import { serve } from '../../server/main.ts';
import { parse } from '../args.ts';

export async function serveCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { dev: { type: 'boolean' } });
  await serve(loadConfig(), { skipWebBuild: values.dev === true });
}
