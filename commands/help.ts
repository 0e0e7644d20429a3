import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/command.js';
import { helpView } from '../src/discord/views/help.js';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What this bot teaches and how to use it')
  .setContexts(InteractionContextType.Guild);

export const execute: CommandModule['execute'] = async (interaction, { catalogue }) => {
  await interaction.reply({ ...helpView(catalogue), flags: MessageFlags.Ephemeral });
};
