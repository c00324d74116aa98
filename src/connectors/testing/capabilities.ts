import { type ConnectionCapabilities, NO_CAPABILITIES } from '../../platform/config/capabilities.ts';

/** Test support: a connection that can send to the given kinds and nothing else, unless overridden. */
export function testCapabilities(overrides: Partial<ConnectionCapabilities> = {}): ConnectionCapabilities {
  return { ...NO_CAPABILITIES, send: true, ...overrides };
}
