import type { APIEmbed, APIMessage } from 'discord.js';
import type { CallbackData } from '../../src/playground/discord/index.js';

type WithComponents = Pick<APIMessage, 'components'> | CallbackData | undefined;

interface AnyComponent {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  options?: { label: string; value: string }[];
}

/** Every interactive component of a message, flattened out of its rows. */
export function componentsOf(message: WithComponents): AnyComponent[] {
  const rows = (message?.components ?? []) as { components?: AnyComponent[] }[];
  return rows.flatMap((row) => row.components ?? []);
}

export function buttonId(message: WithComponents, label: string | RegExp): string {
  const found = componentsOf(message).find((component) => component.type === 2 && component.label !== undefined && (typeof label === 'string' ? component.label === label : label.test(component.label)));
  if (!found?.custom_id) throw new Error(`no button ${label} among ${componentsOf(message).map((c) => c.label ?? c.custom_id).join(', ')}`);
  return found.custom_id;
}

export function selectId(message: WithComponents): string {
  const found = componentsOf(message).find((component) => component.type === 3);
  if (!found?.custom_id) throw new Error('no select menu on the message');
  return found.custom_id;
}

export function embedOf(message: Pick<APIMessage, 'embeds'> | CallbackData | undefined): APIEmbed {
  const embed = message?.embeds?.[0];
  if (!embed) throw new Error(`expected an embed, got ${JSON.stringify(message)}`);
  return embed;
}

/** All the text of an embed, to search in. */
export function embedText(message: Pick<APIMessage, 'embeds'> | CallbackData | undefined): string {
  const embed = embedOf(message);
  return [embed.author?.name, embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text]
    .filter(Boolean)
    .join('\n');
}
