import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/command.js';
import { requireCooldown } from '../src/discord/cooldowns.js';
import { decodeView, deleteLeakedMessage, pasteModal, replyPrivately } from '../src/discord/decode.js';
import { readUploadedText } from '../src/discord/uploads.js';

export const data = new SlashCommandBuilder()
  .setName('decode')
  .setDescription('Explain a token (JWT, API key…) privately, and what to do now that it has leaked')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option.setName('token').setDescription('The token, a header or a JSON body; leave empty to paste a long one').setMaxLength(6000),
  )
  .addAttachmentOption((option) => option.setName('file').setDescription('A text file holding the token (for tokens too long to paste)'));

export const execute: CommandModule['execute'] = async (interaction, context) => {
  await requireCooldown(interaction, context, 'decode');
  const file = interaction.options.getAttachment('file');
  if (file) {
    // Downloading may take longer than Discord's three seconds: acknowledge first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const read = await readUploadedText(file, { origins: context.attachmentOrigins });
    await interaction.editReply(read.ok ? decodeView(context, read.text).view : { content: read.problem });
    return;
  }
  const pasted = interaction.options.getString('token');
  if (pasted === null) return interaction.showModal(pasteModal());
  await replyPrivately(interaction, decodeView(context, pasted).view);
};

export const components: CommandModule['components'] = {
  'token.paste': (interaction) => interaction.showModal(pasteModal()),
  'token.delete': (interaction, route) => deleteLeakedMessage(interaction, route.messageId),
};

export const modals: CommandModule['modals'] = {
  'token.modal': async (interaction, _route, context) => {
    await replyPrivately(interaction, decodeView(context, interaction.fields.getTextInputValue('token')).view);
  },
};
