/**
 * The Kakao Talk Channel customer-file (고객 파일) API on kapi.kakao.com, over fetch. Shapes follow
 * the reference (§4.1); the ones it marks UNCONFIRMED are noted where they are used. The key only
 * goes into the Authorization header: errors carry the HTTP status and Kakao's `{code, msg}`, never
 * the request headers.
 */

export type FieldType = 'string' | 'number';
export type FieldValue = string | number;

export interface KakaoFile {
  fileId: number | string;
  fileName: string;
  /** Field name → type, when the listing includes it (UNCONFIRMED that it does). */
  schema?: Record<string, FieldType>;
}

export interface KakaoUser {
  id: string;
  field: Record<string, FieldValue>;
}

export class KakaoApiError extends Error {
  readonly status: number;
  /** Kakao's error code (−816 unknown file, −541 unknown channel, …) when the body had one. */
  readonly code: number | undefined;
  constructor(status: number, code: number | undefined, message: string) {
    super(message);
    this.name = 'KakaoApiError';
    this.status = status;
    this.code = code;
  }
}

export interface KakaoClientOptions {
  /** REST API or admin key: sent as `Authorization: KakaoAK <key>`, nowhere else. */
  apiKey: string;
  /** The channel's profile id, `_xxxx`. */
  channelPublicId: string;
  /** Default https://kapi.kakao.com; the emulator's URL in tests. */
  baseUrl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const KAKAO_API = 'https://kapi.kakao.com';

export function kakaoClient(opts: KakaoClientOptions) {
  const base = (opts.baseUrl ?? KAKAO_API).replace(/\/+$/, '');
  const channel = opts.channelPublicId;

  async function call(method: 'GET' | 'POST', path: string, body: Record<string, unknown>): Promise<unknown> {
    const url = new URL(`${base}/v1/talkchannel${path}`);
    if (method === 'GET') for (const [k, v] of Object.entries(body)) url.searchParams.set(k, String(v));
    const signals = [AbortSignal.timeout(opts.timeoutMs ?? 30_000), ...(opts.signal ? [opts.signal] : [])];
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `KakaoAK ${opts.apiKey}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      throw new KakaoApiError(0, undefined, `${method} ${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const b = (json ?? {}) as { code?: unknown; msg?: unknown };
      const code = typeof b.code === 'number' ? b.code : undefined;
      const msg = typeof b.msg === 'string' ? b.msg : text.slice(0, 200);
      throw new KakaoApiError(
        res.status,
        code,
        `${method} ${path}: HTTP ${res.status}${code === undefined ? '' : ` (${code})`} ${msg}`,
      );
    }
    return json;
  }

  return {
    /**
     * The channel's customer files. UNCONFIRMED shape: `{ results: [{ file_id, file_name, schema? }] }`
     * (the key the prior art read); a bare array is accepted too.
     */
    async listFiles(): Promise<KakaoFile[]> {
      const body = await call('GET', '/target_user_file', { channel_public_id: channel });
      const list = Array.isArray(body) ? body : ((body as { results?: unknown })?.results ?? []);
      if (!Array.isArray(list)) return [];
      return list.map((f: Record<string, unknown>) => ({
        fileId: f['file_id'] as number | string,
        fileName: String(f['file_name'] ?? ''),
        ...(typeof f['schema'] === 'object' && f['schema'] !== null
          ? { schema: f['schema'] as Record<string, FieldType> }
          : {}),
      }));
    },

    /** Creates a file; its schema cannot change afterwards. Answers the new `file_id`. */
    async createFile(fileName: string, schema: Record<string, FieldType>): Promise<number | string> {
      const body = (await call('POST', '/create/target_user_file', {
        channel_public_id: channel,
        file_name: fileName,
        schema,
      })) as { file_id?: number | string };
      if (body?.file_id === undefined)
        throw new KakaoApiError(200, undefined, 'create file: no file_id in the answer');
      return body.file_id;
    },

    /** Adds or updates users by id (`user_type: phone`): one call, the caller keeps it within the batch limit. */
    async upsertUsers(fileId: number | string, users: KakaoUser[]): Promise<void> {
      await call('POST', '/update/target_users', {
        channel_public_id: channel,
        file_id: fileId,
        user_type: 'phone',
        users,
      });
    },

    /** Removes users by id. `user_ids` as `[{ id }]` per the reference (UNCONFIRMED; prior art sent plain strings). */
    async deleteUsers(fileId: number | string, ids: string[]): Promise<void> {
      await call('POST', '/delete/target_users', {
        channel_public_id: channel,
        file_id: fileId,
        user_type: 'phone',
        user_ids: ids.map((id) => ({ id })),
      });
    },
  };
}

export type KakaoClient = ReturnType<typeof kakaoClient>;
