import { type Captured, createTestApp, type TestApp, type TestAppOptions } from 'opsbot/testing';
import { vi } from 'vitest';
import { createAttendanceApp } from './app.ts';
import type { Options } from './options.ts';
import type { DayResult, FillResult, Runner, RunRequest } from './runner.ts';

/** A run the fake runner was asked for, finished by the test. */
export interface FakeRun {
  request: RunRequest;
  /** Reports every day as entered (or as `outcomes` says, or only `extra.days`), then resolves. */
  finish(outcomes?: Record<string, DayResult['outcome']>, extra?: Partial<FillResult>): Promise<void>;
  fail(err: Error): void;
}

/** The browser seam without a browser: each fill waits until the test finishes it. */
export class FakeRunner implements Runner {
  readonly runs: FakeRun[] = [];
  closed = false;

  fill(request: RunRequest): Promise<FillResult> {
    return new Promise((resolve, reject) => {
      this.runs.push({
        request,
        fail: reject,
        finish: async (outcomes = {}, extra = {}) => {
          const days =
            extra.days ??
            request.days.map((d): DayResult => ({ date: d.date, outcome: outcomes[d.date] ?? 'entered' }));
          for (const [i, result] of days.entries()) await request.onDay?.(result, i + 1, request.days.length);
          resolve({ ...extra, days });
        },
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export const PASSWORD = 'Tiger-Lily-7731';

/** A recipe for an HR site that is never visited (the runner is a fake). */
export const TEST_RECIPE = {
  login: { url: 'https://hr.example.com/login', password: '#password', submit: '.login', failure: '.error' },
  day: {
    url: 'https://hr.example.com/{memberId}/tcard?date={yyyymmdd}',
    start: '.start',
    end: '.end',
    submit: '.save',
    done: '.saved',
  },
};
export const U1 = { user: 'U1', replyTo: 'slack/user/U1' };
export const U2 = { user: 'U2', replyTo: 'slack/user/U2' };
export const U3 = { user: 'U3', replyTo: 'slack/user/U3' };

export interface Setup {
  t: TestApp<Options>;
  runner: FakeRunner;
  uploads: unknown[];
  logs: unknown[][];
}

/** The app with a fake runner; "now" is 2026-09-15 10:00 in Seoul unless given. */
export function setup(
  input: {
    options?: Record<string, unknown>;
    now?: string;
    upload?: (file: unknown) => Promise<unknown>;
  } = {},
): Setup {
  const runner = new FakeRunner();
  const uploads: unknown[] = [];
  const extra: TestAppOptions = {
    now: input.now ?? '2026-09-15T01:00:00Z',
    options: { site: TEST_RECIPE, ...input.options },
    connectors: {
      slack: {
        uploadFile: async (file: unknown) => {
          uploads.push(file);
          return input.upload ? input.upload(file) : { ok: true };
        },
      },
    },
  };
  const t = createTestApp<Options>(createAttendanceApp({ createRunner: async () => runner }), extra);
  const logs: unknown[][] = [];
  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
    vi.spyOn(t.ctx.log, level).mockImplementation((...args: unknown[]) => void logs.push([level, ...args]));
  }
  return { t, runner, uploads, logs };
}

/** Registers a person through the form, as they would. */
export async function register(t: TestApp<Options>, who = U1, values: Record<string, string> = {}) {
  await t.message('/attendance', who);
  const { errors } = await t.answerForm(
    { memberId: 'M-100', userId: `kim-${who.user}`, startTime: '09:00', ...values },
    { user: who.user },
  );
  if (errors) throw new Error(`registration refused: ${JSON.stringify(errors)}`);
}

/** Opens the time card and answers it; returns the form's errors. */
export async function requestMonth(t: TestApp<Options>, who = U1, values: Record<string, string> = {}) {
  await t.message('/attendance', who);
  const { errors } = await t.answerForm(
    { month: '202609', password: PASSWORD, ...values },
    { user: who.user },
  );
  return errors;
}

/** Lets background runs go on until nothing is pending. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
}

export const texts = (sent: Captured[]) => sent.map((s) => (s.message as { text: string }).text);

export const to = (sent: Captured[], target: string) =>
  sent.filter((s) => s.target === target).map((s) => s.message as { title?: string; text: string });
