import { escapeMarkdown } from 'discord.js';

/**
 * Text a member typed (a name, an answer, a paste), shown as plain text. escapeMarkdown leaves
 * masked links ([Free Nitro](https://evil.example)) working by default, and its own option only
 * escapes the first of several, so every bracket is escaped here: no link text can hide a URL.
 */
export const escapeTyped = (text: string) => escapeMarkdown(text).replace(/[[\]]/g, '\\$&');

/** A member's name as typed by them: no markdown tricks, no links, no pings, bounded length (cut before escaping, so no escape is cut in half). */
export const safeName = (name: string) => escapeTyped(name.replace(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 64)) || 'someone';

export const teamNames = ['🔴 Team Red', '🔵 Team Blue'] as const;
export const teamName = (team: number | null) => (team === null ? '' : (teamNames[team] ?? `Team ${team + 1}`));

export const discordTime = (date: Date, style: 'R' | 'T' | 'D' | 'f' = 'R') => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

export const messageUrl = (guildId: string, channelId: string, messageId: string) =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Cut at a word boundary, never inside a word, with an ellipsis when anything was cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Whole lines that fit in `max` characters; the rest are counted, not cut in half. */
export function wholeLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    const room = index === lines.length - 1 ? max : max - more.length - 1;
    if (length + line.length + (kept.length > 0 ? 1 : 0) > room) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + (kept.length > 1 ? 1 : 0);
  }
  return kept.join('\n');
}
