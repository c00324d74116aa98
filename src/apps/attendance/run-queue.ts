/**
 * Browser runs: one at a time per person, at most `concurrency` at once; the rest wait in line,
 * first come first served.
 */

export type Admission = { state: 'busy' } | { state: 'started' } | { state: 'queued'; ahead: number };

interface Waiting {
  person: string;
  start(): void;
  dropped?(): void;
}

export class RunQueue {
  readonly #concurrency: number;
  readonly #running = new Set<string>();
  #waiting: Waiting[] = [];

  constructor(concurrency: number) {
    this.#concurrency = concurrency;
  }

  /**
   * Runs `job` for a person now or once a slot frees. `busy` when that person already has a run
   * (running or waiting); `ahead` counts the runs before theirs, running ones included.
   */
  submit(person: string, job: () => Promise<void>, dropped?: () => void): Admission {
    if (this.#running.has(person) || this.#waiting.some((w) => w.person === person)) return { state: 'busy' };
    const start = () => {
      this.#running.add(person);
      void job()
        .catch(() => {})
        .finally(() => this.#finish(person));
    };
    if (this.#running.size < this.#concurrency) {
      start();
      return { state: 'started' };
    }
    const ahead = this.#running.size + this.#waiting.length;
    this.#waiting.push({ person, start, ...(dropped ? { dropped } : {}) });
    return { state: 'queued', ahead };
  }

  /** Forgets everyone still waiting (the app is stopping): their jobs never start, `dropped` runs. */
  clear(): number {
    const dropped = this.#waiting;
    this.#waiting = [];
    for (const w of dropped) w.dropped?.();
    return dropped.length;
  }

  get running(): number {
    return this.#running.size;
  }

  #finish(person: string): void {
    this.#running.delete(person);
    this.#waiting.shift()?.start();
  }
}
