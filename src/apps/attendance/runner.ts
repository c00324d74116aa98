/**
 * The seam between the app and the browser code in ./site/: the app asks a Runner to fill days,
 * tests hand it a fake. The types mirror ./site/fill.ts (declared here so the app compiles and is
 * tested without the browser code); browser-runner.ts is the real one.
 */

export interface Account {
  memberId: string;
  userId: string;
  /** Held for one run only; never stored, logged or sent. */
  password: string;
}

export interface TimeCardDay {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  start: string;
  end: string;
}

export type DayOutcome = 'entered' | 'already-filled' | 'failed';

export interface DayResult {
  date: string;
  outcome: DayOutcome;
  step?: string;
  error?: string;
}

export interface FillFailure {
  step: string;
  message: string;
  /** PNG with the secret fields already blanked by the browser code. */
  screenshot?: Uint8Array;
}

export interface FillResult {
  days: DayResult[];
  failure?: FillFailure;
}

/** fillDays' request without the browser and the recipe: the runner holds both. */
export interface RunRequest {
  account: Account;
  days: TimeCardDay[];
  signal?: AbortSignal;
  onDay?(result: DayResult, done: number, total: number): void | Promise<void>;
}

export interface Runner {
  /** Throws WrongPassword when the site refuses the login. */
  fill(request: RunRequest): Promise<FillResult>;
  /** Closes the shared browser, if one was launched. */
  close(): Promise<void>;
}

/** The site refused the login (the browser code's LoginRefused, without its message). */
export class WrongPassword extends Error {
  override readonly name = 'WrongPassword';
  constructor() {
    super('the HR site refused the login');
  }
}
