import { ActionRowBuilder, InteractionContextType, MessageFlags, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { BotContext, CommandModule } from '../src/discord/command.js';
import { encodeRoute } from '../src/discord/ids.js';
import { resolveCard } from '../src/discord/review-deck.js';
import { nothingDueView, reviewCardView, reviewCheckView, reviewGradedView } from '../src/discord/views/review.js';
import { AppError } from '../src/errors.js';
import { preview, review } from '../src/review/schedule.js';

export const data = new SlashCommandBuilder()
  .setName('review')
  .setDescription('Spaced repetition: the cards you are about to forget, at the right time')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub.setName('cards').setDescription('Review your next due card (only you see it)'))
  .addSubcommand((sub) =>
    sub
      .setName('settings')
      .setDescription('A daily direct message when cards are due')
      .addBooleanOption((option) => option.setName('reminders').setDescription('Send me at most one reminder a day').setRequired(true)),
  );

interface Place {
  guildId: string;
  userId: string;
}

/** The next due card, or where the deck stands when nothing is due. */
async function nextView(context: BotContext, place: Place) {
  const now = context.now();
  const summary = await context.store.reviews.summary(place.guildId, place.userId, now);
  const due = await context.store.reviews.nextDue(place.guildId, place.userId, now);
  const resolved = due && resolveCard(context.catalogue, due.cardKey);
  return due && resolved ? reviewCardView(resolved.lesson, due.cardKey, resolved.item, summary) : nothingDueView(summary);
}

async function cardOf(context: BotContext, place: Place, cardKey: string) {
  const card = await context.store.reviews.card(place.guildId, place.userId, cardKey);
  const resolved = resolveCard(context.catalogue, cardKey);
  if (!card || !resolved) throw new AppError('lesson.gone');
  return { card, ...resolved };
}

export const execute: CommandModule['execute'] = async (interaction, context) => {
  const place = { guildId: interaction.guildId, userId: interaction.user.id };
  if (interaction.options.getSubcommand() === 'settings') {
    const enabled = interaction.options.getBoolean('reminders', true);
    await context.store.reviews.setReminders(place.guildId, place.userId, enabled);
    const content = enabled
      ? 'Reminders on: on days when cards are due, I send you one direct message. If your DMs are closed I stop trying until you turn this on again.'
      : 'Reminders off.';
    return interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
  await interaction.reply({ ...(await nextView(context, place)), flags: MessageFlags.Ephemeral });
};

export const components: CommandModule['components'] = {
  'review.answer': async (interaction, route) => {
    const modal = new ModalBuilder()
      .setCustomId(encodeRoute({ kind: 'review.modal', cardKey: route.cardKey }))
      .setTitle('Your answer')
      .addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder().setCustomId('answer').setLabel('In your own words').setStyle(TextInputStyle.Paragraph).setMaxLength(1000).setRequired(true),
        ),
      );
    await interaction.showModal(modal);
  },
  'review.show': async (interaction, route, context) => {
    const place = { guildId: interaction.guildId, userId: interaction.user.id };
    const { card, lesson, item } = await cardOf(context, place, route.cardKey);
    const now = context.now();
    await interaction.update(reviewCheckView(lesson, route.cardKey, item, undefined, preview(card.memory, now), now));
  },
  'review.grade': async (interaction, route, context) => {
    const place = { guildId: interaction.guildId, userId: interaction.user.id };
    const { card } = await cardOf(context, place, route.cardKey);
    const now = context.now();
    const memory = review(card.memory, route.grade, now);
    await context.store.reviews.recordReview(place.guildId, place.userId, route.cardKey, route.grade, memory, now);
    const summary = await context.store.reviews.summary(place.guildId, place.userId, now);
    await interaction.update(reviewGradedView(route.grade, new Date(memory.due), now, summary));
  },
  'review.next': async (interaction, _route, context) => {
    await interaction.update(await nextView(context, { guildId: interaction.guildId, userId: interaction.user.id }));
  },
};

export const modals: CommandModule['modals'] = {
  'review.modal': async (interaction, route, context) => {
    const place = { guildId: interaction.guildId, userId: interaction.user.id };
    const { card, lesson, item } = await cardOf(context, place, route.cardKey);
    const now = context.now();
    const view = reviewCheckView(lesson, route.cardKey, item, interaction.fields.getTextInputValue('answer'), preview(card.memory, now), now);
    // Opened from the card's own message: answer in place, so the card turns into its check.
    if (interaction.isFromMessage()) await interaction.update(view);
    else await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },
};
