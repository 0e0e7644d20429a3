import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

/**
 * The baseline for `npm run bench`: a bare discord.js bot that answers with fixed payloads, no
 * content, no database, no logging. A command gets a page with a Next and an answer button
 * (private unless `share` is set); Next turns the page in place, an answer is acknowledged privately. Our bot's cost is
 * measured against it.
 */
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL ?? '' } });
const embed = { title: 'The password problem', description: 'A fixed page.', footer: { text: 'page 1 of 6' } };
const components = [
  {
    type: 1,
    components: [
      { type: 2, style: 1, label: 'Next', custom_id: 'bare:page' },
      { type: 2, style: 2, label: 'A. An answer', custom_id: 'bare:answer' },
    ],
  },
];
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) {
    const shared = interaction.options.getBoolean('share') ?? false;
    void interaction.reply({ embeds: [embed], components, flags: shared ? undefined : MessageFlags.Ephemeral });
  }
  else if (interaction.isButton() && interaction.customId === 'bare:page') void interaction.update({ embeds: [embed], components });
  else if (interaction.isButton()) void interaction.reply({ content: 'Locked in: A.', flags: MessageFlags.Ephemeral });
});
client.once(Events.ClientReady, () => console.log('"msg":"bot ready"'));
process.once('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
