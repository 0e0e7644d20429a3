import type { BaseInteraction } from 'discord.js';
import { periodRange, type Period } from '../leaderboard/periods.js';
import { AppError } from '../errors.js';
import type { BoardQuery } from '../store/leaderboard-store.js';
import type { BotContext } from './command.js';
import { confirmPresence } from './presence.js';
import { boardPageSize, leaderboardView } from './views/leaderboard.js';

export interface BoardRequest {
  guildId: string;
  callerId: string;
  period: Period;
  trackId: string | null;
  /** 0 for the live board; a number for an archived season. */
  season: number;
  page: number;
  /** The name of the member posting it in the channel, when shared. */
  sharedBy?: string;
}

/** One page of a board, after making sure the members on it are still in the server. */
export async function leaderboardPage(interaction: BaseInteraction, context: BotContext, request: BoardRequest) {
  const { leaderboard } = context.store;
  const current = await leaderboard.currentSeason(request.guildId);
  const trackTitle = request.trackId ? (context.catalogue.track(request.trackId)?.title ?? request.trackId) : null;
  const archived = request.season > 0 && request.season < current.number ? request.season : 0;
  if (request.season > 0 && archived === 0 && request.season !== current.number) throw new AppError('board.no-season', { season: request.season });

  if (archived > 0) {
    const total = await leaderboard.archivedSize(request.guildId, archived);
    const page = clampPage(request.page, total);
    const rows = await leaderboard.archivedStandings(request.guildId, archived, boardPageSize, page * boardPageSize);
    const caller = (await leaderboard.archivedStandings(request.guildId, archived, Number.MAX_SAFE_INTEGER, 0)).find((row) => row.userId === request.callerId);
    return leaderboardView({ ...base(request, current.number, trackTitle), archivedSeason: archived, rows, total, page, caller });
  }

  const now = context.now();
  const seasonStart = await leaderboard.seasonBoardStart(request.guildId);
  const query: BoardQuery = { guildId: request.guildId, range: periodRange(request.period, now, seasonStart), track: request.trackId ?? undefined };
  // Departed members found on a page drop off; the page is read again, a few times at most.
  for (let attempt = 0; ; attempt += 1) {
    const found = await leaderboard.boardPage(query, boardPageSize, request.page * boardPageSize, request.callerId);
    // A page past the end (the board shrank since the button was made) shows the last one.
    const lastPage = Math.max(0, Math.ceil(found.total / boardPageSize) - 1);
    const { rows, total, caller } = request.page > lastPage ? await leaderboard.boardPage(query, boardPageSize, lastPage * boardPageSize, request.callerId) : found;
    const page = Math.min(request.page, lastPage);
    const departed = await confirmPresence(interaction.client.rest, leaderboard, request.guildId, rows.map((row) => row.userId), now, context.log);
    if (departed === 0 || attempt === 2) {
      return leaderboardView({ ...base(request, current.number, trackTitle), archivedSeason: 0, rows, total, page, caller });
    }
  }
}

const clampPage = (page: number, total: number) => Math.min(Math.max(0, page), Math.max(0, Math.ceil(total / boardPageSize) - 1));

const base = (request: BoardRequest, currentSeason: number, trackTitle: string | null) => ({
  period: request.period,
  currentSeason,
  trackId: request.trackId,
  trackTitle,
  callerId: request.callerId,
  sharedBy: request.sharedBy,
});
