import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from '../log.js';
import type { LeaderboardStore } from '../store/leaderboard-store.js';

/** How long a "still a member" answer is trusted before it is asked again. */
export const presenceTtlMs = 60 * 60 * 1000;

/**
 * Members who left must drop off the leaderboard. Without the privileged members intent the bot
 * cannot hear them leave, so before showing a page it asks Discord about the members on it
 * whose last check is stale, and remembers the answer for an hour.
 */
export async function confirmPresence(rest: REST, store: LeaderboardStore, guildId: string, userIds: readonly string[], now: Date, log: Logger): Promise<number> {
  const stale = await store.membersToCheck(guildId, userIds, new Date(now.getTime() - presenceTtlMs));
  let departed = 0;
  await Promise.all(
    stale.map(async (userId) => {
      try {
        await rest.get(Routes.guildMember(guildId, userId));
        await store.markPresence(guildId, userId, true, now);
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) {
          await store.markPresence(guildId, userId, false, now);
          departed += 1;
        } else {
          log.warn({ err: error, userId }, 'could not check whether a member is still here');
        }
      }
    }),
  );
  return departed;
}
