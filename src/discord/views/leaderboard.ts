import { ButtonStyle, ComponentType } from 'discord.js';
import type { Period } from '../../leaderboard/periods.js';
import type { BoardRow } from '../../store/leaderboard-store.js';
import { encodeRoute } from '../ids.js';
import { percent, safeName } from '../text.js';
import type { MessageView } from './lesson.js';

export const boardPageSize = 10;

const periodTitles: Record<Period, string> = {
  all: 'All time',
  season: 'This season',
  month: 'This month (UTC)',
  week: 'This week (from Monday 00:00 UTC)',
};

export interface BoardPage {
  period: Period;
  /** An archived season's number, or 0 for live boards. */
  archivedSeason: number;
  currentSeason: number;
  trackId: string | null;
  trackTitle: string | null;
  rows: readonly BoardRow[];
  total: number;
  page: number;
  caller: BoardRow | undefined;
  callerId: string;
  /** Posted in the channel for everyone: no "you", and who shared it instead. */
  sharedBy?: string;
}

const accuracy = (row: BoardRow) => (row.answered === 0 ? '—' : percent(row.correct / row.answered));
const medals = ['🥇', '🥈', '🥉'];

export function leaderboardView(board: BoardPage): MessageView {
  const pageCount = Math.max(1, Math.ceil(board.total / boardPageSize));
  const heading =
    board.archivedSeason > 0 ? `Season ${board.archivedSeason} (final standings)` : board.period === 'season' ? `Season ${board.currentSeason}` : periodTitles[board.period];
  const lines = board.rows.map(
    (row) =>
      `${medals[row.rank - 1] ?? `**${row.rank}.**`} ${safeName(row.displayName)}${row.userId === board.callerId && !board.sharedBy ? ' (you)' : ''} · **${row.points}** pts · ${accuracy(row)} right`,
  );
  const you = board.sharedBy !== undefined
    ? `Shared by ${safeName(board.sharedBy)}. \`/leaderboard\` shows your own rank, privately.`
    : board.caller
    ? `You: **#${board.caller.rank}** · ${board.caller.points} pts · ${accuracy(board.caller)} right`
    : 'You are not on this board yet: a competition or a first practice run puts you on it.';
  const route = (page: number) =>
    encodeRoute({ kind: 'board.page', period: board.period, track: board.trackId ?? '*', season: board.archivedSeason, page });
  return {
    embeds: [
      {
        title: `🏆 Leaderboard · ${heading}${board.trackTitle ? ` · ${board.trackTitle}` : ''}`,
        description: [lines.length > 0 ? lines.join('\n') : 'Nobody has scored here yet.', '', you].join('\n'),
        color: 0xfee75c,
        footer: { text: `page ${board.page + 1} of ${pageCount} · ${board.total} ${board.total === 1 ? 'member' : 'members'}` },
      },
    ],
    components:
      pageCount > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: route(Math.max(0, board.page - 1)), disabled: board.page === 0 },
                { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: route(Math.min(pageCount - 1, board.page + 1)), disabled: board.page >= pageCount - 1 },
              ],
            },
          ]
        : [],
  };
}
