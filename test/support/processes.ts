import { spawn, type ChildProcess } from 'node:child_process';

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves with the output once `pattern` appears in it; rejects if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<number | null>;
}

/** Runs a command as a user would type it, with only the environment given (plus PATH and HOME). */
export function run(command: string, args: string[], env: Record<string, string>, options: { cwd?: string } = {}): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  return {
    child,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) finish(() => resolve(text));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        void exited.then((code) => finish(() => (pattern.test(text) ? resolve(text) : reject(new Error(`exited with ${code} before ${pattern}:\n${text}`)))));
        check();
      });
    },
  };
}

/** Stops the process and everything it started (npm runs node as a child). */
export function stopGroup(spawned: Spawned, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (spawned.child.pid !== undefined && spawned.child.exitCode === null) {
    try {
      process.kill(-spawned.child.pid, signal);
    } catch {
      // already gone
    }
  }
}
