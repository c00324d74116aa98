import { randomBytes } from 'node:crypto';
import type { Redactor } from '../../platform/redact.ts';
import type { ConnectorStateRepo } from '../../platform/store/types.ts';

/**
 * The webhook secret: the configured one, else one the connection made on its first setup and keeps
 * in its state under `webhook-secret`, encrypted (it lets anyone forge deliveries). Every value in
 * use goes into the redactor.
 */
const KEY = 'webhook-secret';

export class WebhookSecret {
  private readonly configured: string | undefined;
  private readonly state: ConnectorStateRepo;
  private readonly redactors: Redactor[];
  private value: string | undefined;

  constructor(configured: string | undefined, state: ConnectorStateRepo, redactors: Redactor[]) {
    this.configured = configured;
    this.state = state;
    this.redactors = redactors;
    this.value = configured;
  }

  /** The secret deliveries must be signed with; undefined before the first setup made one. */
  async current(): Promise<string | undefined> {
    if (this.value) return this.value;
    const kept = await this.state.get<string>(KEY);
    if (typeof kept === 'string' && kept) this.remember(kept);
    return this.value;
  }

  /** The secret, made and kept now when there is none yet. */
  async ensure(): Promise<string> {
    const known = await this.current();
    if (known) return known;
    const made = randomBytes(24).toString('base64url');
    await this.state.set(KEY, made, { secret: true });
    this.remember(made);
    return made;
  }

  get isConfigured(): boolean {
    return this.configured !== undefined;
  }

  private remember(value: string): void {
    for (const redactor of this.redactors) redactor.add(value);
    this.value = value;
  }
}
