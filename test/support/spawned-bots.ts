import { afterEach } from 'vitest';
import { LocalDiscord, type LocalDiscordOptions } from '../../src/playground/discord/index.js';
import { stopGroup, type Spawned } from './processes.js';

/**
 * For tests that start the bot (or npm) as real processes against fake Discords: everything
 * started in a test is killed, and every fake closed, when the test ends.
 */
export function useSpawnedBots() {
  const started: Spawned[] = [];
  const fakes: LocalDiscord[] = [];
  afterEach(async () => {
    for (const spawned of started.splice(0)) {
      stopGroup(spawned, 'SIGKILL');
      await spawned.exited;
    }
    for (const fake of fakes.splice(0)) await fake.close();
  });
  return {
    async startFake(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
      const fake = await LocalDiscord.start(options);
      fakes.push(fake);
      return fake;
    },
    track(spawned: Spawned): Spawned {
      started.push(spawned);
      return spawned;
    },
  };
}
