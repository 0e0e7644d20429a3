import type { APIEmbed } from 'discord.js';
import type { CredentialInspection } from '../../tokens/inspect.js';
import type { LeakLevel } from '../../tokens/leak.js';
import { credentialName } from './token-names.js';
import { safeText } from './token-text.js';

const leakColours = { live: 0xed4245, unknown: 0xed4245, expired: 0xfaa61a, public: 0x57f287 } as const;
const loudness: readonly LeakLevel[] = ['public', 'expired', 'unknown', 'live'];
const LEAKED = 'Pasting a credential into Discord is a leak: anyone who saw it, and any bot or log that stored it, can use it.';

/** The warning that opens every answer with something leaked in it: one line per credential when there are several. */
export function leakEmbed(credentials: readonly CredentialInspection[], leftOut: number): APIEmbed | undefined {
  const leaking = credentials.filter((credential) => !(credential.kind === 'not-a-token' && credential.reason === 'no-token-found'));
  const [only] = leaking;
  if (!only) return undefined;
  if (leaking.length === 1 && leftOut === 0) return singleLeak(only);
  const level = leaking.map((credential) => credential.leak.level).reduce((worst, next) => (loudness.indexOf(next) > loudness.indexOf(worst) ? next : worst));
  const lines = leaking.map((credential, index) => {
    const { leak } = credential;
    const line = `**${index + 1}. ${safeText(credentialName(credential), 120)}**: ${safeText(leak.headline, 400)} **What to do:** ${safeText(leak.advice, 500)}`;
    return line.slice(0, 900);
  });
  if (leftOut > 0) lines.push(`…and ${leftOut} more in the same text, not shown here: treat them as leaked too.`);
  const everyone = level === 'public' ? [] : [LEAKED];
  return {
    title: level === 'public' ? 'ℹ️ Nothing secret here' : `🚨 ${leaking.length + leftOut} credentials in that text: revoke the live ones now`,
    description: [...everyone, ...lines].join('\n').slice(0, 4000),
    color: leakColours[level],
  };
}

function singleLeak(credential: CredentialInspection): APIEmbed {
  const { leak } = credential;
  if (leak.level === 'public') return { title: 'ℹ️ Nothing secret here', description: `${safeText(leak.headline, 400)}\n${safeText(leak.advice, 500)}`, color: leakColours.public };
  const title = leak.level === 'expired' ? '⚠️ This token leaked (it has expired)' : '🚨 Treat this as leaked: revoke it now';
  const lines = [LEAKED, safeText(leak.headline, 600), `**What to do now:** ${safeText(leak.advice, 1500)}`];
  if (leak.expires) lines.push(`It stops working by itself <t:${leak.expires.unix}:R>.`);
  return { title, description: lines.join('\n'), color: leakColours[leak.level] };
}
