/**
 * A stand-in for the Kakao Talk Channel "customer file" (고객 파일) API on kapi.kakao.com: the four
 * `/v1/talkchannel/*` endpoints of the reference (slack-webex-teams-kakao-email.md §4.1, §4.3), with
 * `Authorization: KakaoAK <key>` checks, a schema fixed at creation, `file_id` validation (−816),
 * a batch-size limit and fault injection for resume tests.
 *
 * What the reference leaves open, and what this emulator does about it (all UNCONFIRMED):
 * - `GET /v1/talkchannel/target_user_file` answers `{ results: [{ file_id, file_name, schema,
 *   user_count }] }`. The `results` key and `file_id`/`file_name` come from the prior art
 *   (anwoo99/naverworks_platform, which read them in production); `schema` and `user_count`
 *   are this emulator's guess at "id, name, schema, counts".
 * - Schema types are the strings `"string"` and `"number"`. A `number` field takes a number or a
 *   numeric string; a `string` field takes a string or a number. Unknown fields are −2 errors.
 * - `update/target_users` is an upsert by id that replaces the user's fields; the answer is
 *   `{ file_id, success_count }`.
 * - `delete/target_users` takes `user_ids` as `[{ id }]` (the reference) or as plain strings (the
 *   prior art); ids not in the file are ignored; the answer is `{ file_id, success_count }`.
 * - A second file with the same name in one channel is refused (−2), so a name finds one file.
 * - With `user_type: "phone"` an id must be 9 to 15 digits; Kakao's exact phone format is unknown.
 * - Bad parameters (batch too big, unknown field, wrong type) answer HTTP 400 `{ code: -2, msg }`
 *   like Kakao's common "invalid parameter" error; a wrong channel is −541 and a wrong file −816.
 */
import Fastify, { type FastifyReply } from 'fastify';

export type KakaoFieldType = 'string' | 'number';
export type KakaoFieldValue = string | number;

export interface KakaoCustomerFile {
  fileId: number;
  fileName: string;
  channelPublicId: string;
  schema: Record<string, KakaoFieldType>;
  /** By user id (a phone number for `user_type: phone`). */
  users: Map<string, Record<string, KakaoFieldValue>>;
}

export interface KakaoEmulatorOptions {
  /** The REST API (or admin) key the client must send as `KakaoAK <key>`. */
  apiKey: string;
  /** The channel's profile id (`_xxxx` form); other ids answer −541. Default `_opsbot`. */
  channelProfileId?: string;
  /** Users per add or delete call; more is a −2 error. Default 2000 (the older official limit). */
  maxBatch?: number;
  /** Files that exist before the first request. */
  files?: Array<{
    fileName: string;
    schema: Record<string, KakaoFieldType>;
    users?: Record<string, Record<string, KakaoFieldValue>>;
  }>;
  port?: number;
}

export interface KakaoCall {
  method: string;
  path: string;
  /** The JSON body of a POST (the query of a GET). The key is never in it. */
  body: unknown;
  status: number;
}

/** A file as plain data, for assertions. */
export interface KakaoFileView {
  fileId: number;
  schema: Record<string, KakaoFieldType>;
  users: Record<string, Record<string, KakaoFieldValue>>;
}

export interface KakaoEmulator {
  /** Base URL to use instead of https://kapi.kakao.com. */
  url: string;
  channelProfileId: string;
  /** Every request, in order, with the status it got. */
  calls: KakaoCall[];
  state: { files: Map<number, KakaoCustomerFile> };
  /** The file with this name, as plain data (users sorted by id); undefined when there is none. */
  file(name: string): KakaoFileView | undefined;
  /**
   * The n-th accepted write call (create, update or delete) from now fails, once: HTTP 500
   * `{code:-1}` unless `status`/`code` say otherwise (e.g. 400/−816, a file deleted meanwhile).
   * With `applied`, that call's change is made before the error (a timeout after the server acted).
   */
  failAfter(n: number, opts?: { applied?: boolean; status?: number; code?: number }): void;
  close(): Promise<void>;
}

const PREFIX = '/v1/talkchannel';

type Body = Record<string, unknown>;

class KakaoFault extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const invalid = (msg: string) => new KakaoFault(400, -2, msg);

export async function startKakaoEmulator(options: KakaoEmulatorOptions): Promise<KakaoEmulator> {
  const channel = options.channelProfileId ?? '_opsbot';
  const maxBatch = options.maxBatch ?? 2000;
  const files = new Map<number, KakaoCustomerFile>();
  const calls: KakaoCall[] = [];
  let nextId = 1001;
  let fault: { left: number; applied: boolean; status: number; code: number } | undefined;

  for (const seed of options.files ?? []) {
    const fileId = nextId++;
    files.set(fileId, {
      fileId,
      fileName: seed.fileName,
      channelPublicId: channel,
      schema: { ...seed.schema },
      users: new Map(Object.entries(seed.users ?? {}).map(([id, field]) => [id, { ...field }])),
    });
  }

  const app = Fastify({ logger: false });
  app.addHook('onResponse', async (req, reply) => {
    const url = new URL(req.url, 'http://emulator');
    calls.push({
      method: req.method,
      path: url.pathname,
      body: req.method === 'GET' ? Object.fromEntries(url.searchParams) : structuredClone(req.body ?? null),
      status: reply.statusCode,
    });
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.authorization !== `KakaoAK ${options.apiKey}`) {
      // Kakao's common error for a missing or wrong app key.
      return reply.code(401).send({ code: -401, msg: 'InvalidAppKey' });
    }
    return undefined;
  });

  const checkChannel = (body: Body) => {
    if (body['channel_public_id'] !== channel) throw new KakaoFault(400, -541, 'channel not found');
  };
  const fileOf = (body: Body): KakaoCustomerFile => {
    checkChannel(body);
    const file = files.get(Number(body['file_id']));
    if (!file || file.channelPublicId !== channel) throw new KakaoFault(400, -816, 'invalid file_id');
    return file;
  };
  const userType = (body: Body): 'phone' | 'app' => {
    const t = body['user_type'];
    if (t !== 'phone' && t !== 'app') throw invalid('user_type must be app or phone');
    return t;
  };
  const checkId = (type: 'phone' | 'app', id: unknown): string => {
    const text = typeof id === 'number' ? String(id) : id;
    if (typeof text !== 'string' || text === '') throw invalid('user id missing');
    if (type === 'phone' && !/^\d{9,15}$/.test(text)) throw invalid(`not a phone number: ${text}`);
    return text;
  };
  const batch = (list: unknown, name: string): unknown[] => {
    if (!Array.isArray(list) || list.length === 0) throw invalid(`${name} must be a non-empty array`);
    if (list.length > maxBatch) throw invalid(`too many ${name}: ${list.length} > ${maxBatch}`);
    return list;
  };

  /** Counts a write; throws the injected fault (after `apply`, when asked) on the chosen call. */
  const write = <T>(apply: () => T): T => {
    if (fault && --fault.left === 0) {
      const { applied, status, code } = fault;
      fault = undefined;
      if (applied) apply();
      throw new KakaoFault(status, code, 'injected failure');
    }
    return apply();
  };

  const handle = async (reply: FastifyReply, run: () => unknown) => {
    try {
      return reply.send(run());
    } catch (err) {
      if (err instanceof KakaoFault) return reply.code(err.status).send({ code: err.code, msg: err.message });
      throw err;
    }
  };

  app.get(`${PREFIX}/target_user_file`, async (req, reply) =>
    handle(reply, () => {
      checkChannel(req.query as Body);
      const results = [...files.values()]
        .filter((f) => f.channelPublicId === channel)
        .map((f) => ({
          file_id: f.fileId,
          file_name: f.fileName,
          schema: f.schema,
          user_count: f.users.size,
        }));
      return { results };
    }),
  );

  app.post(`${PREFIX}/create/target_user_file`, async (req, reply) =>
    handle(reply, () => {
      const body = (req.body ?? {}) as Body;
      checkChannel(body);
      const name = body['file_name'];
      if (typeof name !== 'string' || name.trim() === '') throw invalid('file_name is required');
      const schema = body['schema'];
      if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
        throw invalid('schema must be an object of field name to type');
      }
      for (const [field, type] of Object.entries(schema)) {
        if (type !== 'string' && type !== 'number')
          throw invalid(`schema ${field}: unknown type ${String(type)}`);
      }
      if ([...files.values()].some((f) => f.channelPublicId === channel && f.fileName === name)) {
        throw invalid(`a file named ${name} exists`);
      }
      return write(() => {
        const fileId = nextId++;
        files.set(fileId, {
          fileId,
          fileName: name,
          channelPublicId: channel,
          schema: { ...(schema as Record<string, KakaoFieldType>) },
          users: new Map(),
        });
        return { file_id: fileId };
      });
    }),
  );

  app.post(`${PREFIX}/update/target_users`, async (req, reply) =>
    handle(reply, () => {
      const body = (req.body ?? {}) as Body;
      const file = fileOf(body);
      const type = userType(body);
      const users = batch(body['users'], 'users').map((u) => {
        const user = (u ?? {}) as Body;
        const id = checkId(type, user['id']);
        const field = (user['field'] ?? {}) as Record<string, unknown>;
        for (const [key, value] of Object.entries(field)) {
          const expected = file.schema[key];
          if (!expected) throw invalid(`field ${key} is not in the file's schema`);
          const ok =
            expected === 'number'
              ? (typeof value === 'number' && Number.isFinite(value)) ||
                (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
              : typeof value === 'string' || typeof value === 'number';
          if (!ok) throw invalid(`field ${key} must be a ${expected}`);
        }
        return [id, field as Record<string, KakaoFieldValue>] as const;
      });
      return write(() => {
        for (const [id, field] of users) file.users.set(id, { ...field });
        return { file_id: file.fileId, success_count: users.length };
      });
    }),
  );

  app.post(`${PREFIX}/delete/target_users`, async (req, reply) =>
    handle(reply, () => {
      const body = (req.body ?? {}) as Body;
      const file = fileOf(body);
      const type = userType(body);
      const ids = batch(body['user_ids'], 'user_ids').map((u) =>
        checkId(type, typeof u === 'object' && u !== null ? (u as Body)['id'] : u),
      );
      return write(() => {
        let count = 0;
        for (const id of ids) if (file.users.delete(id)) count++;
        return { file_id: file.fileId, success_count: count };
      });
    }),
  );

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    channelProfileId: channel,
    calls,
    state: { files },
    file(name) {
      const f = [...files.values()].find((x) => x.fileName === name);
      if (!f) return undefined;
      const ids = [...f.users.keys()].sort();
      return {
        fileId: f.fileId,
        schema: { ...f.schema },
        users: Object.fromEntries(ids.map((id) => [id, { ...f.users.get(id) }])),
      };
    },
    failAfter(n, opts = {}) {
      if (!Number.isInteger(n) || n < 1) throw new Error('failAfter needs n >= 1');
      fault = { left: n, applied: opts.applied === true, status: opts.status ?? 500, code: opts.code ?? -1 };
    },
    close: () => app.close(),
  };
}
