/**
 * Discord's size limits that lesson text must respect, so a lesson that passes
 * `content:check` can never be rejected by Discord at run time.
 */
export const discordLimits = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldValue: 1024,
  embedFooter: 2048,
  buttonLabel: 80,
  selectOptionLabel: 100,
  selectOptions: 25,
  autocompleteChoiceName: 100,
} as const;

/** Bounds of our own, chosen so every question type fits its Discord components. */
export const quizBounds = {
  /** One row of five buttons. */
  singleChoices: { min: 2, max: 5 },
  multiChoices: { min: 2, max: discordLimits.selectOptions },
  /** Steps are buttons; with Undo and Submit they must fit five rows of five. */
  orderSteps: { min: 3, max: 10 },
} as const;

/** Bounds on a lesson's reading list and search words. */
export const lessonBounds = {
  sources: { max: 5 },
  keywords: { max: 12 },
  keyword: { maxLength: 40 },
} as const;
