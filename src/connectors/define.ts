import type { z } from 'zod';
import type { ConnectionCapabilities } from '../platform/config/capabilities.ts';
import { secretRedactor } from '../platform/redact.ts';
import type { ConnectorStateRepo } from '../platform/store/types.ts';
import { DeliveryError } from './kit/delivery-error.ts';
import type {
  Connector,
  ConnectorContext,
  ConnectorParts,
  ConnectorType,
  OpenContext,
  OutboundPayload,
} from './types.ts';

type Block = Record<string, unknown>;

export interface ConnectorDefinition<Options extends Block, Native, Client> {
  type: string;
  /** The connection block in opsbot.yaml (beyond type and rateLimit); messages name keys, never values. */
  options: z.ZodType<Options, Block>;
  /** Validates `send(target, body)` bodies of kind 'native' before they reach send(). */
  native: z.ZodType<Native>;
  /** Sends per minute by default; config `rateLimit` overrides. */
  defaultRateLimit: number;
  /** What a connection with these options can do; config load refuses uses beyond it. */
  capabilities(options: Options): ConnectionCapabilities;
  create(ctx: ConnectorContext<Options>): ConnectorParts<Native, Client>;
}

/** A connector type with its option, native-body and client types kept for `opsbot/connectors/<type>`. */
export interface DefinedConnector<Options extends Block, Native, Client> extends ConnectorType {
  readonly definition: ConnectorDefinition<Options, Native, Client>;
  create(ctx: OpenContext): TypedConnector<Client>;
}

/** A live connection whose client keeps its type (for the daemon's own use and tests). */
export interface TypedConnector<Client> extends Connector {
  client?: Client;
}

/**
 * Turns a definition into the registry's ConnectorType. Options are parsed once, at config load:
 * the parsed block is remembered by identity, so create() reuses it (and parses only blocks that did
 * not come from parse(), as tests' hand-made ones). Sends are checked against the declared
 * capabilities and native bodies against their schema, so connectors see only typed payloads.
 */
export function defineConnector<Options extends Block, Native, Client>(
  definition: ConnectorDefinition<Options, Native, Client>,
): DefinedConnector<Options, Native, Client> {
  const parsed = new WeakMap<Block, Options>();
  const optionsOf = (block: Block): Options => parsed.get(block) ?? definition.options.parse(ownKeys(block));

  return {
    type: definition.type,
    options: definition.options,
    definition,
    parse(block) {
      const result = definition.options.safeParse(ownKeys(block));
      if (!result.success) return result;
      const { type, rateLimit } = block;
      const data: Block = {
        ...(type === undefined ? {} : { type }),
        ...(rateLimit === undefined ? {} : { rateLimit }),
        ...result.data,
      };
      parsed.set(data, result.data);
      return { success: true, data };
    },
    capabilities: (block) => definition.capabilities(optionsOf(block)),
    create(ctx) {
      const options = optionsOf(ctx.options);
      const capabilities = definition.capabilities(options);
      const parts = definition.create({
        ...ctx,
        options,
        state: ctx.state ?? lazyState(() => ctx.store.connectorState(`${definition.type}/${ctx.name}`)),
        redactor: ctx.redactor ?? secretRedactor.scope(),
      });
      const send = parts.send?.bind(parts);
      const connector: TypedConnector<Client> = {
        name: ctx.name,
        type: definition.type,
        defaultRateLimit: definition.defaultRateLimit,
        capabilities,
        ...(parts.receive ? { receive: parts.receive } : {}),
        ...(parts.client === undefined ? {} : { client: parts.client }),
        ...(parts.auth ? { auth: parts.auth } : {}),
        ...(parts.setup ? { setup: parts.setup.bind(parts) } : {}),
        ...(parts.close ? { close: parts.close.bind(parts) } : {}),
      };
      if (send && capabilities.send) {
        connector.send = async (destination, payload, meta) =>
          send(destination, typedPayload(definition, capabilities, payload), meta);
      }
      return connector;
    },
  };
}

/** The block without the keys config load itself owns (type, rateLimit, maxRetryAfter), so strict option schemas work. */
function ownKeys(block: Block): Block {
  const { type: _type, rateLimit: _rateLimit, maxRetryAfter: _maxRetryAfter, ...options } = block;
  return options;
}

function typedPayload<Native>(
  definition: { type: string; native: z.ZodType<Native> },
  capabilities: ConnectionCapabilities,
  payload: OutboundPayload,
): OutboundPayload<Native> {
  if (payload.kind === 'portable') return payload;
  if (payload.kind === 'form') {
    if (capabilities.forms === false) {
      throw new DeliveryError(`a ${definition.type} connection cannot show forms`, { retryable: false });
    }
    return payload;
  }
  const body = definition.native.safeParse(payload.body);
  if (!body.success) {
    const issue = body.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new DeliveryError(`not a ${definition.type} message body${where}: ${issue?.message ?? 'invalid'}`, {
      retryable: false,
    });
  }
  return { kind: 'native', body: body.data };
}

/** Opens the connection's state on first use: tests that never touch it may pass a bare store. */
function lazyState(open: () => ConnectorStateRepo): ConnectorStateRepo {
  let repo: ConnectorStateRepo | undefined;
  const get = () => {
    repo ??= open();
    return repo;
  };
  return {
    get namespace() {
      return get().namespace;
    },
    get: (key) => get().get(key),
    set: (key, value, options) => get().set(key, value, options),
    delete: (key) => get().delete(key),
    list: (prefix) => get().list(prefix),
  };
}
