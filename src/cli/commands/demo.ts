export async function demoCommand(_args: string[]): Promise<void> {
  throw new Error('demo: not built yet');
}
