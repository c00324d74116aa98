import type { FillRequest, FillResult } from './site/fill.ts';

/**
 * The seam between the app and the browser code in ./site/: the app asks a Runner to fill days,
 * tests hand it a fake; browser-runner.ts is the real one.
 */

export type {
  Account,
  DayOutcome,
  DayResult,
  FillFailure,
  FillResult,
  TimeCardDay,
} from './site/fill.ts';

/** fillDays' request without the browser and the recipe: the runner holds both. */
export type RunRequest = Omit<FillRequest, 'browser' | 'recipe' | 'stepTimeoutMs'>;

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
