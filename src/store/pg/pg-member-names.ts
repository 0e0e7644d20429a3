import { memberKey, WrittenNames, type PendingMember } from '../member-names.js';

/**
 * Member names on Postgres, kept as SQLite's bookkeeping keeps them: a name this process wrote
 * lately is not written again on each interaction, and the rest wait a few milliseconds to be
 * written together in one statement, one batch at a time. Nothing here confirms anything to a
 * member; flush() (and so the store's close) writes what waits.
 */
export class PostgresMemberNames {
  private readonly waiting = new Map<string, PendingMember>();
  private readonly written = new WrittenNames();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      delayMs: number;
      write: (members: PendingMember[]) => Promise<void>;
      /** Told of a batch that could not be written; its names are written again when next seen. */
      onError: (error: unknown, lost: number) => void;
    },
  ) {}

  get pending(): number {
    return this.waiting.size;
  }

  add(member: PendingMember): void {
    const key = memberKey(member.guildId, member.userId);
    if (this.written.unchanged(member) && !this.waiting.has(key)) return;
    this.waiting.set(key, member);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.delayMs);
      this.timer.unref();
    }
  }

  /** The member was found gone: their next interaction writes their name again, which marks them back. */
  forget(guildId: string, userId: string): void {
    this.written.forget(guildId, userId);
  }

  /** Writes what waits now; settles once that and every batch before it are written (or given up). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.size > 0) {
      const members = [...this.waiting.values()];
      this.waiting.clear();
      this.writing = this.writing.then(() =>
        this.options.write(members).then(
          () => this.written.remember(members),
          (error: unknown) => {
            for (const member of members) this.written.forget(member.guildId, member.userId);
            this.options.onError(error, members.length);
          },
        ),
      );
    }
    return this.writing;
  }
}
