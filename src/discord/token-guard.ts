import { Events, type Client, type Message, type PartialMessage } from 'discord.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { guardFindings, type GuardFinding } from '../tokens/guard.js';
import { inspectPaste } from '../tokens/inspect.js';
import { WarnedMessages } from '../tokens/warned-messages.js';

interface GuardDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  warned: WarnedMessages;
}

/**
 * Scans new and edited messages in servers whose moderators turned the guard on. It never
 * repeats the token: a masked tail of a known secret at most, nothing of a JWT.
 */
export function attachTokenGuard(client: Client, options: Omit<GuardDeps, 'warned'>): void {
  const deps: GuardDeps = { ...options, warned: new WarnedMessages() };
  const check = (message: Message | PartialMessage) =>
    void guard(message, deps).catch((error: unknown) => deps.log.error({ err: error, messageId: message.id }, 'token guard failed'));
  client.on(Events.MessageCreate, check);
  client.on(Events.MessageUpdate, (_before, after) => check(after));
}

async function guard(message: Message | PartialMessage, { store, log, now, warned }: GuardDeps): Promise<void> {
  if (!message.inGuild() || message.author.bot || !message.content) return;
  const settings = await store.guildSettings(message.guildId);
  if (settings.tokenGuard === 'off') return;
  // Decided before any await: an edit arriving meanwhile sees these as already warned about.
  const findings = warned.unwarned(message.id, guardFindings(inspectPaste(message.content, now())), now());
  const [finding] = findings;
  if (!finding) return;

  const author = message.author.id;
  let deleted = false;
  if (settings.tokenGuard === 'delete') {
    deleted = await message.delete().then(
      () => true,
      (error: unknown) => (log.warn({ err: error, messageId: message.id }, 'token guard could not delete a message'), false),
    );
  }
  const notice = warning(author, findings, deleted);
  if (deleted) await message.channel.send({ content: notice, allowedMentions: { users: [author] } });
  else await message.reply({ content: notice, allowedMentions: { users: [author], repliedUser: true } });

  log.info({ guildId: message.guildId, channelId: message.channelId, messageId: message.id, what: findings.map((one) => one.what), deleted }, 'token guard acted');
  if (settings.modLogChannelId) {
    const channel = await message.client.channels.fetch(settings.modLogChannelId).catch(() => null);
    if (channel?.isSendable()) {
      await channel.send({
        content: `🛡️ Token guard: ${findings.map(described).join(', ')} from <@${author}> in <#${message.channelId}> was ${deleted ? 'deleted' : 'flagged'}.`,
        allowedMentions: { parse: [] },
      });
    }
  }
}

const described = (finding: GuardFinding) => `a ${finding.what}${finding.masked ? ` (\`${finding.masked}\`)` : ''}`;

function warning(author: string, findings: readonly GuardFinding[], deleted: boolean): string {
  const what = findings.map(described).join(' and ');
  const opening = deleted ? `⚠️ <@${author}>, I removed your message: it contained ${what}.` : `⚠️ <@${author}>, your message contains ${what}.`;
  const advice = [...new Set(findings.map((finding) => finding.advice))].join(' ');
  return `${opening} Anyone who saw it can use it, so treat it as leaked: ${advice}`.slice(0, 2000);
}
