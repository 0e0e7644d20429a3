import type { Store } from '../../src/store/store.js';

/**
 * A store that counts the calls made to its quiz and review parts, by method ("quizzes.players"),
 * while `counting` is on; everything is passed to the real store unchanged.
 */
export function countingStore(store: Store) {
  const calls = new Map<string, number>();
  const watch = { counting: false, calls };
  const counted = <T extends object>(part: T, name: string): T =>
    new Proxy(part, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const key = `${name}.${String(property)}`;
          if (watch.counting) calls.set(key, (calls.get(key) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'quizzes') return counted(target.quizzes, 'quizzes');
      if (property === 'reviews') return counted(target.reviews, 'reviews');
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, watch };
}
