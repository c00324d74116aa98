import type { ConnectionCapabilities } from '../../platform/config/capabilities.ts';

/** Test support: a connection that can send to the given kinds and nothing else, unless overridden. */
export function testCapabilities(overrides: Partial<ConnectionCapabilities> = {}): ConnectionCapabilities {
  return {
    send: true,
    destinations: [],
    forms: false,
    files: false,
    receive: false,
    auth: false,
    ...overrides,
  };
}
