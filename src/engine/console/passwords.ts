import { hash, verify } from '@node-rs/argon2';

/**
 * Console passwords, hashed with argon2id. The default cost is the library's own default, which is
 * OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane (about 20-40 ms per hash on a
 * server core). Tests pass TEST_PASSWORD_COST, which is far weaker: never use it for real users.
 */
export interface PasswordCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over that memory. */
  timeCost: number;
}

export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 19_456, timeCost: 2 };

/** For tests only: keeps each hash under a millisecond. */
export const TEST_PASSWORD_COST: PasswordCost = { memoryCost: 256, timeCost: 1 };

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, which type-stripping cannot import). */
const ARGON2ID = 2;

/** The PHC string (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`): algorithm, cost and salt travel with it. */
export function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  return hash(password, { ...cost, parallelism: 1, algorithm: ARGON2ID });
}

/** False for a wrong password and for a malformed hash alike (a damaged row must not throw at login). */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
