import { z } from 'zod';
import { discordLimits, lessonBounds, quizBounds } from './limits.js';

/** Lesson, section, question and card ids travel inside custom_ids, so they stay short and plain. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens (like "oauth-basics")')
  .max(40, 'keep ids to 40 characters or fewer: they travel inside button ids');

export const levels = ['junior', 'middle', 'senior'] as const;
export type Level = (typeof levels)[number];

const text = (max: number, what: string) =>
  z.string().trim().min(1, 'must not be empty').max(max, `${what} holds at most ${max} characters`);

const questionBase = {
  id: slug,
  prompt: text(discordLimits.embedDescription, 'a question prompt'),
  explanation: text(discordLimits.embedFieldValue, 'an explanation (an embed field)'),
  /** The section that teaches this, so a wrong answer can point the learner back to it. */
  section: slug.optional().describe('The id of the section that teaches this; a wrong answer points back to it.'),
};

const singleQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('single'),
  choices: z
    .array(text(discordLimits.buttonLabel, 'a choice (a button label)'))
    .min(quizBounds.singleChoices.min, `give at least ${quizBounds.singleChoices.min} choices`)
    .max(quizBounds.singleChoices.max, `give at most ${quizBounds.singleChoices.max} choices (one row of buttons)`),
  /** Index into `choices`, counting from 0. */
  answer: z.int().min(0, 'an answer index counts from 0').describe('Index of the right choice, counting from 0.'),
});

const multiQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('multi'),
  choices: z
    .array(text(discordLimits.selectOptionLabel, 'a choice (a select option)'))
    .min(quizBounds.multiChoices.min, `give at least ${quizBounds.multiChoices.min} choices`)
    .max(quizBounds.multiChoices.max, `a select menu holds at most ${quizBounds.multiChoices.max} options`),
  /** Indexes into `choices`, counting from 0: every choice that applies. */
  answers: z
    .array(z.int().min(0, 'an answer index counts from 0'))
    .min(1, 'name at least one right choice')
    .describe('Indexes of every right choice, counting from 0.'),
});

const trueFalseQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('truefalse'),
  answer: z.boolean().describe('true or false.'),
});

const orderQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('order'),
  /** In the right order; the bot shuffles them when asking. */
  steps: z
    .array(text(discordLimits.buttonLabel, 'a step (a button label)'))
    .min(quizBounds.orderSteps.min, `give at least ${quizBounds.orderSteps.min} steps`)
    .max(quizBounds.orderSteps.max, `give at most ${quizBounds.orderSteps.max} steps`)
    .describe('The steps in the right order; the bot shuffles them when asking.'),
});

export const questionSchema = z.discriminatedUnion('type', [singleQuestion, multiQuestion, trueFalseQuestion, orderQuestion]);

export const recallCardSchema = z.strictObject({
  id: slug,
  prompt: text(discordLimits.embedFieldValue, 'a recall prompt'),
  /** The model answer shown after the learner has tried. */
  answer: text(discordLimits.embedFieldValue, 'a model answer (an embed field)').describe('The model answer, shown after the learner has tried.'),
});

export const sectionSchema = z.strictObject({
  id: slug,
  title: text(discordLimits.embedTitle, 'a section title (an embed title)'),
  body: text(discordLimits.embedDescription, 'a section body (an embed description)'),
});

export const sourceSchema = z.strictObject({
  title: text(200, 'a source title'),
  url: z
    .url({ protocol: /^https$/, error: 'give an https:// address' })
    .max(512, 'a source address holds at most 512 characters')
    .describe('Where the lesson\'s facts can be checked: a specification, official documentation or a paper.'),
});

export const lessonSchema = z.strictObject({
  id: slug,
  /** Also an autocomplete choice name, Discord's tightest limit on it. */
  title: text(discordLimits.autocompleteChoiceName, 'a lesson title (an autocomplete choice)'),
  track: slug,
  level: z.enum(levels),
  summary: text(discordLimits.embedFieldValue, 'a summary (an embed field)'),
  sections: z
    .array(sectionSchema)
    .min(1, 'a lesson needs at least one section')
    .max(discordLimits.selectOptions, `a lesson holds at most ${discordLimits.selectOptions} sections: the "Jump to a section" menu lists them all`),
  questions: z.array(questionSchema).default([]),
  recall: z.array(recallCardSchema).default([]),
  related: z.array(slug).default([]).describe('Ids of lessons to suggest next.'),
  sources: z
    .array(sourceSchema)
    .max(lessonBounds.sources.max, `list at most ${lessonBounds.sources.max} sources: the ones the facts come from`)
    .default([])
    .describe('The specifications, official documentation or papers that the lesson\'s facts come from; shown as "Further reading".'),
  keywords: z
    .array(text(lessonBounds.keyword.maxLength, 'a keyword'))
    .max(lessonBounds.keywords.max, `give at most ${lessonBounds.keywords.max} keywords`)
    .default([])
    .describe('Words a learner might search for that the title does not say (acronyms, tool names).'),
});

export const trackSchema = z.strictObject({
  id: slug,
  title: text(discordLimits.embedTitle, 'a track title'),
  description: text(discordLimits.embedFieldValue, 'a track description'),
});

export const tracksFileSchema = z.strictObject({
  tracks: z.array(trackSchema).min(1, 'name at least one track'),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Question = z.infer<typeof questionSchema>;
export type RecallCard = z.infer<typeof recallCardSchema>;
export type Track = z.infer<typeof trackSchema>;
export type Source = z.infer<typeof sourceSchema>;
