import type { APIEmbedField } from 'discord.js';
import { percent, safeName, truncateWords, wholeLines } from '../text.js';
import type { MessageView } from './lesson.js';

export interface TrackProgress {
  title: string;
  completed: number;
  lessons: number;
  mastery: number;
}

export interface MemberProgress {
  name: string;
  tracks: readonly TrackProgress[];
  accuracy: { answered: number; correct: number };
  deck: { cards: number; dueToday: number };
  streakDays: number;
}

export function progressView(progress: MemberProgress, pictureName: string | undefined): MessageView {
  const started = progress.tracks.filter((track) => track.completed > 0 || track.mastery > 0);
  const totalLessons = progress.tracks.reduce((sum, track) => sum + track.lessons, 0);
  const completed = progress.tracks.reduce((sum, track) => sum + track.completed, 0);
  const fields: APIEmbedField[] = [
    { name: 'Lessons completed', value: `${completed} of ${totalLessons}`, inline: true },
    {
      name: 'Quiz accuracy',
      value: progress.accuracy.answered === 0 ? 'no answers yet' : `${percent(progress.accuracy.correct / progress.accuracy.answered)} of ${progress.accuracy.answered}`,
      inline: true,
    },
    { name: 'Daily streak', value: `${progress.streakDays} ${progress.streakDays === 1 ? 'day' : 'days'}`, inline: true },
    { name: 'Review deck', value: `${progress.deck.cards} cards · ${progress.deck.dueToday} due today`, inline: true },
    {
      name: 'Per track (completed · mastery)',
      value:
        started.length === 0
          ? 'Nothing started yet: `/lessons` lists them all.'
          : wholeLines(started.map((track) => `**${track.title}**: ${track.completed}/${track.lessons} · ${percent(track.mastery)}`), 1024),
    },
  ];
  return {
    embeds: [
      {
        title: `📚 Progress: ${safeName(progress.name)}`,
        color: 0x57f287,
        fields,
        footer: { text: 'Streak: UTC days with a lesson, a quiz answer or a review. Mastery: share of a track’s questions answered fully right in scored quizzes.' },
        ...(pictureName ? { image: { url: `attachment://${pictureName}` } } : {}),
      },
    ],
    components: [],
  };
}

export interface ServerProgressView {
  learners: number;
  most: readonly { title: string; members: number }[];
  /** Among lessons someone has started: how many of those who started finished. */
  least: readonly { title: string; members: number; started: number }[];
  missed: readonly { title: string; prompt: string; wrong: number; answered: number }[];
}

export function serverProgressView(progress: ServerProgressView): MessageView {
  const list = (entries: readonly { title: string; members: number }[]) =>
    entries.length === 0 ? 'none yet' : wholeLines(entries.map((entry) => `${entry.title}: ${entry.members}`), 1024);
  const least =
    progress.least.length === 0
      ? 'none yet: only lessons someone has started are counted'
      : wholeLines(progress.least.map((entry) => `${entry.title}: ${entry.members} of ${entry.started} who started`), 1024);
  return {
    embeds: [
      {
        title: '📊 Learning on this server',
        color: 0x5865f2,
        fields: [
          { name: 'Members learning (last 30 days)', value: String(progress.learners) },
          { name: 'Most completed lessons', value: list(progress.most) },
          { name: 'Least completed lessons (of those started)', value: least },
          {
            name: 'Questions most often answered wrongly (a lesson may need work)',
            value:
              progress.missed.length === 0
                ? 'none yet'
                : wholeLines(progress.missed.map((entry) => `${entry.wrong} of ${entry.answered} wrong · ${entry.title}: ${truncateWords(entry.prompt, 120)}`), 1024),
          },
        ],
      },
    ],
    components: [],
  };
}
