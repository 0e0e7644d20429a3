import { PermissionFlagsBits } from 'discord.js';

/**
 * What the bot needs in a channel to teach and run competitions: see the channel, post its
 * questions and results as embeds, and read the history it edits and replies to.
 */
export const basePermissions =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

/**
 * Manage Messages lets the bot delete anyone's message in the channel. Only the token guard's
 * delete mode and the "Delete that message" button use it, so it is offered as a second,
 * opt-in invite rather than asked for by default.
 */
export const deletingPermissions = basePermissions | PermissionFlagsBits.ManageMessages;

export function inviteUrl(applicationId: string, permissions: bigint = basePermissions): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: permissions.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
