import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  ActionRowBuilder,
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  type APIMessage,
  type BaseInteraction,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { inspectPaste, type CredentialInspection, type EmptyInspection, type PasteInspection, type TooLongInspection } from '../tokens/inspect.js';
import type { BotContext } from './command.js';
import { encodeRoute } from './ids.js';
import type { MessageView } from './views/lesson.js';
import { tokenView, type LessonLink } from './views/token.js';

/** Discord caps a modal's text field at 4,000 characters. */
export const modalFieldLimit = 4000;

/** The OAuth lesson's "Two tokens, two jobs" page, when the catalogue has it. */
function twoTokensLesson(context: BotContext): LessonLink | undefined {
  const lesson = context.catalogue.lesson('oauth-basics');
  const page = lesson?.sections.findIndex((section) => section.id === 'two-tokens') ?? -1;
  return lesson && page >= 0 ? { lessonId: lesson.id, page } : undefined;
}

/** Decodes what was pasted and builds the private answer. Nothing pasted is logged or stored. */
export type PasteAnswer = PasteInspection | TooLongInspection | EmptyInspection;

export function decodeView(context: BotContext, pasted: string): { inspection: PasteAnswer; view: MessageView } {
  const inspection = inspectPaste(pasted, context.now());
  const view = tokenView(inspection, twoTokensLesson(context));
  view.components.push({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Paste another token', custom_id: encodeRoute({ kind: 'token.paste' }) }],
  });
  const credentials = inspection.kind === 'paste' ? inspection.credentials : [];
  // Kinds and leak levels only: nothing of what was pasted.
  context.log.info({ kind: inspection.kind, found: credentials.map((credential) => credential.kind), leak: credentials.map((credential) => credential.leak.level) }, 'token inspected');
  return { inspection, view };
}

export function pasteModal() {
  return new ModalBuilder()
    .setCustomId(encodeRoute({ kind: 'token.modal' }))
    .setTitle('Decode a token')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('token')
          .setLabel('Paste the token (or a header, URL or JSON)')
          .setStyle(TextInputStyle.Paragraph)
          .setMaxLength(modalFieldLimit)
          .setRequired(true),
      ),
    );
}

export async function replyPrivately(interaction: RepliableInteraction, view: MessageView) {
  await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
}

/** Still working on its own: worth offering to delete the message it was posted in. */
const isLiveCredential = (credential: CredentialInspection) =>
  (credential.leak.level === 'live' || credential.leak.level === 'unknown') && credential.kind !== 'not-a-token';

export const isLive = (inspection: PasteAnswer) => inspection.kind === 'paste' && inspection.credentials.some(isLiveCredential);

export const mayDeleteFor = (interaction: BaseInteraction, authorId: string) =>
  interaction.user.id === authorId || interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true;

/**
 * The Delete button under a decoded token. Its id names a message and nothing else: the
 * message is looked up in the channel the click came from, its author is read from Discord,
 * and the clicker's own permissions in that channel decide.
 */
export async function deleteLeakedMessage(interaction: MessageComponentInteraction<'cached' | 'raw'>, messageId: string): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  const channelId = interaction.channelId;
  let author: string;
  try {
    const message = (await interaction.client.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
    author = message.author.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.status === 404)) {
      await say('That message is already gone, or it is not in this channel.');
      return;
    }
    throw error;
  }
  if (!mayDeleteFor(interaction, author)) {
    await say('Only the message’s author or a moderator with Manage Messages can delete it.');
    return;
  }
  try {
    await interaction.client.rest.delete(Routes.channelMessage(channelId, messageId));
    await say('🗑️ Deleted. Revoking the token is still the fix: deleting does not unsee it.');
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    const gone = error.code === RESTJSONErrorCodes.UnknownMessage;
    await say(gone ? 'That message is already gone.' : 'I could not delete it: I need the Manage Messages permission in that channel. Ask a moderator.');
  }
}
