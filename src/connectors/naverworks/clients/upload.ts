import { DeliveryError } from '../../types.ts';
import type { WorksRawFetch } from '../api.ts';

/**
 * File transfer shared by the bot and drive clients: the multipart `Filedata` upload every WORKS
 * service uses (reference §2.2), downloads that answer 302 to a storage host, and the `upload`
 * shorthand of outbound message content.
 */

export interface DownloadedFile {
  fileName?: string;
  bytes: Uint8Array;
}

/** Uploads to a URL from a "create upload URL" call; answers the storage host's JSON (if any). */
export async function postFiledata(
  raw: WorksRawFetch,
  uploadUrl: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<unknown> {
  const form = new FormData();
  // Copied into a fresh ArrayBuffer: a view over a larger (or shared) buffer would upload all of it.
  form.append('Filedata', new Blob([bytes.slice()]), fileName);
  const res = await raw({ method: 'POST', url: uploadUrl, body: form, label: 'POST upload URL' });
  const text = new TextDecoder().decode(res.bytes);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** GETs `path` below apiUrl and follows its 302 by hand: the raw fetch decides whether the token goes along. */
export async function downloadFollowing(
  raw: WorksRawFetch,
  apiUrl: string,
  path: string,
): Promise<DownloadedFile> {
  const first = await raw({ method: 'GET', url: `${apiUrl}${path}`, label: `GET ${path}` });
  if (first.status < 300) return withName(first.headers, first.bytes);
  const location = first.headers.get('location');
  if (!location) {
    throw new DeliveryError(`GET ${path} answered ${first.status} without a Location`, { retryable: false });
  }
  const url = new URL(location, `${apiUrl}/`);
  const second = await raw({ method: 'GET', url: url.toString(), label: 'GET download URL' });
  if (second.status >= 300) {
    throw new DeliveryError(`download URL of ${path} redirected again (${second.status})`, {
      retryable: false,
    });
  }
  return withName(second.headers, second.bytes);
}

function withName(headers: Headers, bytes: Uint8Array): DownloadedFile {
  const fileName = fileNameOf(headers.get('content-disposition'));
  return fileName === undefined ? { bytes } : { fileName, bytes };
}

/** `filename*=UTF-8''…` (RFC 5987) wins over a plain `filename="…"`. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // Malformed escapes: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(disposition);
  const name = plain?.[1] ?? plain?.[2]?.trim();
  return name || undefined;
}

export type Uploader = (fileName: string, bytes: Uint8Array) => Promise<string>;

/**
 * `upload: {fileName, data}` inside outbound content, with `data` base64 (outbox payloads are JSON).
 * resolveUploads uploads it and puts the fileId where the content type expects one.
 */
export interface PendingUpload {
  fileName: string;
  data: string | Uint8Array;
}

type Json = Record<string, unknown>;

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns content with every `upload` replaced by its fileId; the input is left untouched. */
export async function resolveUploads(content: unknown, upload: Uploader): Promise<unknown> {
  if (!isJson(content)) return content;
  const out: Json = { ...content };
  const resolve = async (holder: Json, path: string, key = 'fileId'): Promise<Json> => {
    if (holder['upload'] === undefined) return holder;
    const { fileName, bytes } = pendingOf(holder['upload'], path);
    const { upload: _done, ...rest } = holder;
    return { ...rest, [key]: await upload(fileName, bytes) };
  };
  const eachColumn = async (key: 'elements' | 'columns') => {
    const list = out[key];
    if (!Array.isArray(list)) return;
    out[key] = await Promise.all(
      list.map((item, i) => (isJson(item) ? resolve(item, `content.${key}[${i}].upload`) : item)),
    );
  };
  switch (out['type']) {
    case 'image':
    case 'file':
      return resolve(out, 'content.upload');
    case 'list_template':
      if (isJson(out['coverData'])) {
        out['coverData'] = await resolve(out['coverData'], 'content.coverData.upload', 'backgroundFileId');
      }
      await eachColumn('elements');
      return out;
    case 'carousel':
    case 'image_carousel':
      await eachColumn('columns');
      return out;
    default:
      return content;
  }
}

function pendingOf(value: unknown, path: string): { fileName: string; bytes: Uint8Array } {
  const bad = (problem: string) => new DeliveryError(`${path}: ${problem}`, { retryable: false });
  if (!isJson(value)) throw bad('must be {fileName, data}');
  const { fileName, data } = value;
  if (typeof fileName !== 'string' || fileName === '') throw bad('fileName must be a non-empty string');
  if (data instanceof Uint8Array) return { fileName, bytes: data };
  if (typeof data !== 'string') throw bad('data must be a base64 string');
  const compact = data.replace(/\s+/g, '');
  // Buffer.from would silently skip bad characters and upload a corrupted file.
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw bad('data is not valid base64');
  return { fileName, bytes: new Uint8Array(Buffer.from(compact, 'base64')) };
}
