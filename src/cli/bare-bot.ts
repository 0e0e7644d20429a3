import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

/**
 * The baseline for `npm run bench`: a bare discord.js bot that answers every command with
 * one fixed embed, no content, no database, no logging. Our bot's cost is measured against it.
 */
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL ?? '' } });
const embed = { title: 'The password problem', description: 'A fixed page.', footer: { text: 'page 1 of 6' } };
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) void interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
});
client.once(Events.ClientReady, () => console.log('"msg":"bot ready"'));
process.once('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
