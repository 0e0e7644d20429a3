import type { Catalogue } from '../../content/catalogue.js';
import type { MessageView } from './lesson.js';

export function helpView(catalogue: Catalogue): MessageView {
  const first = catalogue.firstLesson();
  const start = first ? `New here? Try \`/lesson\` and pick **${first.title}**.` : 'No lessons are installed yet.';
  return {
    embeds: [
      {
        title: 'Tutor: short lessons inside Discord',
        description: [
          `I teach ${catalogue.size} lesson${catalogue.size === 1 ? '' : 's'} in ${catalogue.tracks.length} tracks, one page at a time. ${start}`,
          '',
          '**`/lesson topic:`** read a lesson. Start typing to search; add `share:True` to post the first page for the channel.',
          '**`/lessons`** browse the catalogue by track and level, with your progress: ✅ done, 📖 started, ▫️ new.',
          '**`/quiz practice topic:`** test yourself on a lesson, privately, with the answer and why after each question.',
          '**`/quiz start topic:`** run a quiz competition in this channel, free-for-all or two teams. `/quiz help` explains the scoring.',
          '**`/review cards`** spaced repetition of recall cards and missed questions; **`/review settings`** for a daily reminder.',
          '**`/progress member`** your lessons, accuracy, review deck, streak and mastery; **`/leaderboard`** and **`/rank`** for this server’s standings.',
          '**`/decode`** explains a pasted token privately (and tells you to revoke it).',
          '**`/help`** this message.',
          '',
          'Only you see my answers unless you share them. Your progress is kept per server; reading every page of a lesson, or getting at least half of its quiz right, completes it.',
        ].join('\n'),
        color: 0x5865f2,
      },
    ],
    components: [],
  };
}
