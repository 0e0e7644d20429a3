import { ApplicationCommandType, ButtonStyle, ComponentType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import type { CommandModule } from '../src/discord/command.js';
import { decodeView, isLive, mayDeleteFor, replyPrivately } from '../src/discord/decode.js';
import { encodeRoute } from '../src/discord/ids.js';

/** Right-click a message → Apps → Decode token: the same private answer as /decode. */
export const data = new ContextMenuCommandBuilder()
  .setName('Decode token')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild);

export const executeMessage: CommandModule['executeMessage'] = async (interaction, context) => {
  const message = interaction.targetMessage;
  const { inspection, view } = decodeView(context, message.content);
  // A live credential sitting in a public message: offer its removal only to who may do it, its
  // author or a member who can manage messages in that channel (the interaction's permissions are the channel's).
  const mayDelete = message.author.id !== interaction.client.user.id && mayDeleteFor(interaction, message.author.id);
  if (isLive(inspection) && mayDelete) {
    view.components.unshift({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Delete that message',
          emoji: { name: '🗑️' },
          custom_id: encodeRoute({ kind: 'token.delete', messageId: message.id }),
        },
      ],
    });
  }
  await replyPrivately(interaction, view);
};
