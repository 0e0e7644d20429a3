import type { GuardFinding } from './guard.js';

/**
 * Which credentials the guard already warned about, per message, for a while. Discord sends an
 * update for every edit (and for link previews), so without this one pasted token drew a public
 * warning per edit. Bounded in time and in size: memory does not grow with traffic.
 */
export class WarnedMessages {
  private readonly warned = new Map<string, { fingerprints: Set<string>; atMs: number }>();

  constructor(
    private readonly rememberMs = 60 * 60_000,
    private readonly maxMessages = 10_000,
  ) {}

  /** The findings this message was not yet warned about; they are remembered as warned. */
  unwarned(messageId: string, findings: readonly GuardFinding[], now: Date): GuardFinding[] {
    const nowMs = now.getTime();
    this.forgetOlderThan(nowMs - this.rememberMs);
    const known = this.warned.get(messageId)?.fingerprints ?? new Set<string>();
    const fresh = findings.filter((finding) => !known.has(finding.fingerprint));
    if (fresh.length === 0) return [];
    for (const finding of fresh) known.add(finding.fingerprint);
    // Re-inserted so the map stays ordered by last warning, oldest first.
    this.warned.delete(messageId);
    this.warned.set(messageId, { fingerprints: known, atMs: nowMs });
    while (this.warned.size > this.maxMessages) this.warned.delete(this.warned.keys().next().value as string);
    return fresh;
  }

  private forgetOlderThan(cutoffMs: number): void {
    for (const [messageId, entry] of this.warned) {
      if (entry.atMs >= cutoffMs) return;
      this.warned.delete(messageId);
    }
  }
}
