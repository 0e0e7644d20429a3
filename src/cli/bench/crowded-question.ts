import { launch } from './bots.js';
import { runLoad, senderFor } from './interactions.js';
import { median } from './stats.js';

export interface CrowdedQuestionFigures {
  answers: number;
  /** CPU ms per answer of the bot process, over the first and over the last window of answers. */
  earlyCpuMs: number[];
  lateCpuMs: number[];
}

/**
 * One live question answered by `answers` distinct members, 32 in flight, our bot only: an
 * answer must cost the same whether the question holds a hundred answers or ten thousand (no
 * per-answer work that grows with the answers already given).
 */
export async function crowdedQuestion(answers: number, window: number, rounds: number, warmUp = 1_000): Promise<CrowdedQuestionFigures> {
  const figures: CrowdedQuestionFigures = { answers, earlyCpuMs: [], lateCpuMs: [] };
  for (let round = 0; round < rounds; round += 1) {
    const running = await launch('ours');
    try {
      const send = await senderFor('quiz answer', running, 'ours', round);
      await runLoad(send, warmUp, 8, 0); // warm-up: JIT and prepared statements
      const timed = async (offset: number) => {
        const before = running.cpuMs();
        await runLoad(send, window, 32, offset);
        return (running.cpuMs() - before) / window;
      };
      figures.earlyCpuMs.push(await timed(warmUp));
      await runLoad(send, answers - 2 * window - warmUp, 32, warmUp + window);
      figures.lateCpuMs.push(await timed(answers - window));
    } finally {
      await running.shutdown();
    }
  }
  return figures;
}

export const flatness = (figures: CrowdedQuestionFigures) => median(figures.lateCpuMs) / median(figures.earlyCpuMs);
