/**
 * The Store contract is asynchronous because a networked engine (Postgres) answers later.
 * SQLite answers at once: its stores are written synchronously (a transaction never yields, so
 * nothing interleaves inside it) and handed out through this adapter, which runs each call
 * immediately and wraps its result, or its error, in a settled promise.
 */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

export function promised<T extends object>(sync: Synchronous<T>): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(sync, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (!method) {
        method = (...args: unknown[]) => {
          try {
            return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args));
          } catch (error) {
            return Promise.reject(error);
          }
        };
        wrapped.set(property, method);
      }
      return method;
    },
  }) as unknown as T;
}
