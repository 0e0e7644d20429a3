/** A member's name as an interaction showed it, waiting to be written. */
export interface PendingMember {
  guildId: string;
  userId: string;
  name: string;
  at: number;
}

/**
 * A name this process wrote is written again after this long even when unchanged: the row's
 * seen_at is refreshed hourly anyway, and another process (another shard, a copy of the bot) may
 * have written something else for the member meanwhile. This bounds how stale that can leave it.
 */
export const nameRewriteMs = 10 * 60 * 1000;

/** How long bookkeeping waits to be written with whatever else comes meanwhile, by default. */
export const defaultBookkeepingDelayMs = 5;

/** Past this many remembered names, the memory of them starts again from nothing. */
const writtenLimit = 20_000;

export const memberKey = (guildId: string, userId: string) => `${guildId}|${userId}`;

/**
 * What this process last wrote per member, so that the same name seen again on every interaction
 * is not written again: bounded, and forgotten for a member whose write failed or who was found gone.
 */
export class WrittenNames {
  private readonly written = new Map<string, { name: string; at: number }>();

  /** This process wrote the same name for the member less than nameRewriteMs before. */
  unchanged(member: PendingMember): boolean {
    const written = this.written.get(memberKey(member.guildId, member.userId));
    return written !== undefined && written.name === member.name && member.at >= written.at && member.at - written.at < nameRewriteMs;
  }

  remember(members: readonly PendingMember[]): void {
    if (this.written.size + members.length > writtenLimit) this.written.clear();
    for (const member of members) this.written.set(memberKey(member.guildId, member.userId), { name: member.name, at: member.at });
  }

  forget(guildId: string, userId: string): void {
    this.written.delete(memberKey(guildId, userId));
  }
}
