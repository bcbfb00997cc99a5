// Runs named background tasks: once at start(), then every `intervalMs`. One run of a task at a
// time (a slow run is never overlapped by the next tick), timers unref'd so they never keep the
// process alive, errors logged and swallowed so a task can never crash the process from a timer.
import type { Logger } from '../runtime/logger.js';

export interface ScheduledTask {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
  /** Cluster mode: runs on the leader only (`isLeader`); the others skip their turns. */
  leaderOnly?: boolean;
}

export interface SchedulerOptions {
  tasks: ScheduledTask[];
  logger: Logger;
  setTimer?: (fn: () => void, ms: number) => { unref?(): unknown };
  clearTimer?: (timer: unknown) => void;
  /** Cluster mode: whether this instance leads now. Absent: every task runs here. */
  isLeader?: () => boolean;
}

export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #timers = new Map<string, unknown>();
  readonly #running = new Map<string, Promise<void>>();
  #started = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const task of this.#options.tasks) void this.#tick(task);
  }

  /** Stops the timers and waits for runs in progress to finish. */
  async stop(): Promise<void> {
    this.#started = false;
    const clear = this.#options.clearTimer ?? (timer => clearTimeout(timer as NodeJS.Timeout));
    for (const timer of this.#timers.values()) clear(timer);
    this.#timers.clear();
    await Promise.all(this.#running.values());
  }

  /** Runs a task now (unless it is already running) and waits for it. */
  async runNow(name: string): Promise<void> {
    const task = this.#options.tasks.find(t => t.name === name);
    if (!task) throw new Error(`No task ${name}`);
    await this.#run(task);
  }

  async #tick(task: ScheduledTask): Promise<void> {
    await this.#run(task);
    if (!this.#started) return;
    const setTimer = this.#options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const timer = setTimer(() => void this.#tick(task), task.intervalMs);
    timer.unref?.();
    this.#timers.set(task.name, timer);
  }

  #run(task: ScheduledTask): Promise<void> {
    if (task.leaderOnly && this.#options.isLeader && !this.#options.isLeader()) return Promise.resolve();
    const current = this.#running.get(task.name);
    if (current) return current;
    const run = task
      .run()
      .then(() => undefined)
      .catch((error: unknown) => this.#options.logger.error(`Scheduled task ${task.name} failed`, { error: (error as Error)?.message }))
      .finally(() => this.#running.delete(task.name));
    this.#running.set(task.name, run);
    return run;
  }
}
