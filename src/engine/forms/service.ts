import type { Connector } from '../../connectors/types.ts';
import {
  DEFAULT_FORM_TTL_MS,
  type FormDelivery,
  type FormErrors,
  type FormOpenRequest,
  type FormSubmission,
  type FormValues,
  type PortableForm,
} from '../../contracts/forms.ts';
import type { InboundEvent } from '../../contracts/inbound.ts';
import type { Clock } from '../../platform/clock.ts';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { FormRecord, Store } from '../../platform/store/types.ts';
import { resolveTarget } from '../outbox/targets.ts';
import { parsePortableForm } from './schema.ts';
import { isFormId, readFormToken, signFormToken } from './token.ts';
import { cleanErrors, type RawInput, rawFromJson, readValues, withoutSecrets } from './values.ts';

/** How the daemon reaches the app that owns a form (its child process, over IPC). */
export interface FormApps {
  /** Runs the app's `validate`; 'down' when the app is not running (or did not answer in time). */
  validate(app: string, submission: FormSubmission): Promise<FormErrors | null | 'down'>;
  /** Hands the answers to the app; true once a receiver (awaiting ctx.form or ctx.onForm) took them. */
  deliver(app: string, submission: FormSubmission): Promise<boolean>;
}

export interface FormServiceOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  outbox: {
    enqueue(request: { app: string; target: string; kind: 'form'; payload: FormDelivery }): Promise<string[]>;
  };
  connectors: () => ReadonlyMap<string, Connector>;
  targets: () => Record<string, string | string[]>;
  /** config http.publicUrl: where people's browsers reach /forms/<token>. */
  publicUrl: () => string | undefined;
  signingKey: Buffer;
  apps: FormApps;
  /** How long the app's validate may take before the answers are taken unchecked. Default 10 s. */
  validateTimeoutMs?: number;
}

export type SubmitOutcome =
  | { kind: 'not-found' }
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'invalid'; form: PortableForm; values: FormValues; errors: FormErrors }
  | { kind: 'accepted' };

type InboundForm = NonNullable<InboundEvent['form']>;

const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Where a form is shown natively and where as a link to the signed page, as the connector declares. */
export function formsCapability(connector: Connector): 'native' | 'link' | false {
  return connector.capabilities.forms;
}

/**
 * Portable forms in the daemon: opens them (store + outbox), takes submissions from the signed page
 * and the sandbox page, runs the app's validation over IPC, and hands valid answers to the app —
 * later, if the app is restarting. Secret values live only in `secrets` until the app has them.
 */
export class FormService {
  private readonly o: FormServiceOptions;
  /** formId → secret field values of a submission the app has not taken yet. Memory only, on purpose. */
  private readonly secrets = new Map<string, FormValues>();
  private readonly delivering = new Map<string, Promise<boolean>>();

  constructor(options: FormServiceOptions) {
    this.o = options;
  }

  async open(
    app: string,
    request: FormOpenRequest & { user?: string },
  ): Promise<{ formId: string; expiresAt: number }> {
    const { store, clock } = this.o;
    const form = parsePortableForm(request.form);
    if (!isFormId(request.formId)) throw new OpsbotError('FORM', 'invalid form id');
    const ttl = Math.min(Math.max(request.ttlMs ?? DEFAULT_FORM_TTL_MS, MIN_TTL_MS), MAX_TTL_MS);
    const createdAt = clock.now();
    const expiresAt = createdAt + ttl;
    const destinations = resolveTarget(request.target, this.o.targets(), this.o.connectors());
    const connections = destinations.map((d) => this.o.connectors().get(d.connection));
    const unable = connections.find((c) => c && formsCapability(c) === false);
    if (unable) {
      throw new OpsbotError('FORM', `connection "${unable.name}" (${unable.type}) cannot show forms`);
    }
    const linked = request.page
      ? connections.find((c) => c !== undefined)
      : connections.find((c) => c && formsCapability(c) === 'link');
    let url: string | undefined;
    if (linked) {
      const base = this.o.publicUrl();
      if (!base) {
        throw new OpsbotError(
          'FORM_PUBLIC_URL',
          `${request.page ? 'this form is sent as' : `connection "${linked.name}" (${linked.type}) shows forms as`} a button to a signed page, which needs http.publicUrl in opsbot.yaml (the address people's browsers reach the gateway at)`,
        );
      }
      url = `${base.replace(/\/+$/, '')}/forms/${signFormToken(this.o.signingKey, request.formId, expiresAt)}`;
    }
    await store.forms.create({
      id: request.formId,
      app,
      key: request.key ?? null,
      target: request.target,
      asked: request.user ?? null,
      form,
      createdAt,
      expiresAt,
    });
    const delivery: FormDelivery = {
      formId: request.formId,
      form,
      expiresAt,
      ...(url ? { url } : {}),
      ...(request.user ? { user: request.user } : {}),
    };
    await this.o.outbox.enqueue({ app, target: request.target, kind: 'form', payload: delivery });
    return { formId: request.formId, expiresAt };
  }

  /** The form behind a page token, or why there is none to show. */
  async byToken(token: string): Promise<{ record: FormRecord } | { kind: 'not-found' | 'expired' | 'used' }> {
    const read = readFormToken(this.o.signingKey, token);
    if (!read) return { kind: 'not-found' };
    const record = await this.o.store.forms.get(read.formId);
    if (!record) return { kind: 'not-found' };
    return this.usable(record);
  }

  async byId(formId: string): Promise<{ record: FormRecord } | { kind: 'not-found' | 'expired' | 'used' }> {
    const record = isFormId(formId) ? await this.o.store.forms.get(formId) : undefined;
    return record ? this.usable(record) : { kind: 'not-found' };
  }

  private usable(record: FormRecord): { record: FormRecord } | { kind: 'expired' | 'used' } {
    if (record.status !== 'open') return { kind: 'used' };
    if (record.expiresAt <= this.o.clock.now()) return { kind: 'expired' };
    return { record };
  }

  /**
   * A native platform's submit arriving through /hooks: submitted like a page's, and returned as
   * the inbox may keep it — no raw body, only non-secret values (none when the form is unknown).
   */
  async acceptInbound<E extends { user: string; raw?: unknown; form?: InboundForm }>(event: E): Promise<E> {
    if (!event.form) return event;
    const { formId, values, answerWithinMs } = event.form;
    const found = await this.byId(formId);
    const outcome =
      'kind' in found
        ? found
        : await this.submit(found.record, rawFromJson(values), event.user, answerWithinMs);
    const record = 'record' in found ? found.record : await this.o.store.forms.get(formId);
    const kept = record ? withoutSecrets(record.form as PortableForm, values as FormValues) : {};
    const { raw: _raw, ...rest } = event;
    const errors = outcome.kind === 'invalid' ? { errors: outcome.errors } : {};
    return { ...rest, form: { formId, values: kept, outcome: outcome.kind, ...errors } } as E;
  }

  /** One attempt at answering: checks, the app's validate, then single-use acceptance and delivery. */
  async submit(
    record: FormRecord,
    raw: RawInput,
    user?: string,
    validateWithinMs?: number,
  ): Promise<SubmitOutcome> {
    const form = record.form as PortableForm;
    const { values, errors } = readValues(form, raw);
    if (Object.keys(errors).length > 0)
      return { kind: 'invalid', form, values: withoutSecrets(form, values), errors };
    const submittedAt = this.o.clock.now();
    const submission: FormSubmission = {
      formId: record.id,
      ...(record.key ? { key: record.key } : {}),
      user: user ?? record.asked ?? 'unknown',
      replyTo: record.target,
      values,
      submittedAt,
    };
    const appErrors = cleanErrors(form, await this.validate(record.app, submission, validateWithinMs));
    if (Object.keys(appErrors).length > 0) {
      return { kind: 'invalid', form, values: withoutSecrets(form, values), errors: appErrors };
    }
    const stored = withoutSecrets(form, values);
    const won = await this.o.store.forms.submit(record.id, {
      answers: stored,
      answeredBy: submission.user,
      at: submittedAt,
    });
    if (!won) {
      const again = await this.o.store.forms.get(record.id);
      return again && again.status === 'open' ? { kind: 'expired' } : { kind: 'used' };
    }
    const secretValues = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in stored)));
    if (Object.keys(secretValues).length > 0) this.secrets.set(record.id, secretValues);
    this.o.log.info({ app: record.app, formId: record.id, user: submission.user }, 'form answered');
    // The person gets their answer now; the app gets the answers as soon as it can take them.
    void this.deliver(record.id).catch((err) =>
      this.o.log.error({ err, app: record.app, formId: record.id }, 'form delivery failed'),
    );
    return { kind: 'accepted' };
  }

  private async validate(
    app: string,
    submission: FormSubmission,
    withinMs?: number,
  ): Promise<FormErrors | null> {
    const timeoutMs = Math.min(this.o.validateTimeoutMs ?? 10_000, withinMs ?? Number.POSITIVE_INFINITY);
    let cancel = () => {};
    const timeout = new Promise<'down'>((resolve) => {
      cancel = this.o.clock.setTimer(() => resolve('down'), timeoutMs);
    });
    try {
      const result = await Promise.race([this.o.apps.validate(app, submission), timeout]);
      if (result === 'down') {
        this.o.log.warn(
          { app, formId: submission.formId },
          "form answers taken without the app's check: the app is not running",
        );
        return null;
      }
      return result;
    } catch (err) {
      this.o.log.warn(
        { app, formId: submission.formId, error: errorMessage(err) },
        'form validate failed; answers taken unchecked',
      );
      return null;
    } finally {
      cancel();
    }
  }

  /** Hands a submitted form to its app; leaves it 'submitted' (for redeliver) when the app is down. */
  async deliver(formId: string): Promise<boolean> {
    // One attempt at a time per form; a caller that finds one running waits for it, and tries
    // again only if it failed (the app may have come up meanwhile).
    const running = this.delivering.get(formId);
    if (running && (await running)) return true;
    const attempt = this.attempt(formId);
    this.delivering.set(formId, attempt);
    try {
      return await attempt;
    } finally {
      if (this.delivering.get(formId) === attempt) this.delivering.delete(formId);
    }
  }

  private async attempt(formId: string): Promise<boolean> {
    const record = await this.o.store.forms.get(formId);
    if (record?.status !== 'submitted') return false;
    const submission: FormSubmission = {
      formId,
      ...(record.key ? { key: record.key } : {}),
      user: record.answeredBy ?? 'unknown',
      replyTo: record.target,
      values: { ...(record.answers as FormValues), ...this.secrets.get(formId) },
      submittedAt: record.submittedAt ?? record.createdAt,
    };
    const taken = await this.o.apps.deliver(record.app, submission).catch((err) => {
      this.o.log.warn(
        { app: record.app, formId, error: errorMessage(err) },
        'form answers not delivered yet',
      );
      return false;
    });
    if (!taken) return false;
    await this.o.store.forms.markDelivered(formId, this.o.clock.now());
    this.secrets.delete(formId);
    return true;
  }

  /** Delivers what an app missed while it was down; call when the app is ready again. */
  async redeliver(app: string): Promise<void> {
    for (const record of await this.o.store.forms.undelivered(app)) await this.deliver(record.id);
  }
}
