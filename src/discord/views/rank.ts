import type { Track } from '../../content/schema.js';
import { mastery } from '../../leaderboard/periods.js';
import type { BoardRow, MemberStats } from '../../store/leaderboard-store.js';
import { percent, safeName } from '../text.js';
import type { MessageView } from './lesson.js';

export interface RankInput {
  name: string;
  stats: MemberStats;
  seasonRank: BoardRow | undefined;
  seasonNumber: number;
  tracks: readonly { track: Track; questions: number; right: number }[];
}

const bar = (fraction: number) => `${'▰'.repeat(Math.round(fraction * 10))}${'▱'.repeat(10 - Math.round(fraction * 10))}`;

export function rankView({ name, stats, seasonRank, seasonNumber, tracks }: RankInput): MessageView {
  const masteryLines = tracks
    .filter((entry) => entry.questions > 0)
    .map((entry) => {
      const share = mastery(entry.right, entry.questions);
      return `${bar(share)} ${percent(share)} ${entry.track.title}`;
    });
  return {
    embeds: [
      {
        title: `📈 ${safeName(name)}`,
        color: 0x5865f2,
        fields: [
          { name: `Season ${seasonNumber}`, value: seasonRank ? `#${seasonRank.rank} · ${seasonRank.points} pts` : 'not ranked yet', inline: true },
          { name: 'All time', value: `${stats.points} pts`, inline: true },
          { name: 'Accuracy', value: stats.answered === 0 ? '—' : `${percent(stats.correct / stats.answered)} of ${stats.answered} answers`, inline: true },
          { name: 'Competitions', value: `${stats.competitions} played · ${stats.wins} won`, inline: true },
          { name: 'Best streak', value: `${stats.bestStreak} in a row`, inline: true },
          { name: 'Lessons completed', value: String(stats.lessonsCompleted), inline: true },
          { name: 'Mastery per track', value: masteryLines.join('\n') || 'No tracks yet.' },
        ],
        footer: { text: 'Mastery: the share of a track’s questions answered fully right at least once, in scored quizzes.' },
      },
    ],
    components: [],
  };
}
