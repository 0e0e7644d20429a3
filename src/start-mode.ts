/**
 * Which world `npm start` runs in. A supervised production bot must never quietly become a
 * playground, so without a token production still fails on the missing DISCORD_TOKEN.
 */
export type StartMode = 'discord' | 'playground';

export function startMode(env: Record<string, string | undefined>, argv: readonly string[]): StartMode {
  if (argv.includes('--playground')) return 'playground';
  const hasToken = (env.DISCORD_TOKEN ?? '').trim() !== '';
  return !hasToken && env.NODE_ENV !== 'production' ? 'playground' : 'discord';
}
