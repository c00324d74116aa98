/** A small multipart/form-data reader for `POST /messages` with a local file (one `files` part). */
import { WebexError } from './http.ts';

export interface FilePart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface Multipart {
  fields: Record<string, string>;
  files: FilePart[];
}

function boundaryOf(contentType: string): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new WebexError(400, 'multipart/form-data without a boundary');
  return boundary;
}

function headerParam(header: string, name: string): string | undefined {
  const star = new RegExp(`${name}\\*=UTF-8''([^;]+)`, 'i').exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const quoted = new RegExp(`${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1');
  return new RegExp(`${name}=([^;\\s]+)`, 'i').exec(header)?.[1];
}

export function parseMultipart(contentType: string, body: Buffer): Multipart {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const result: Multipart = { fields: {}, files: [] };
  let start = body.indexOf(delimiter);
  if (start < 0) throw new WebexError(400, 'multipart body has no parts');
  while (true) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) throw new WebexError(400, 'multipart body is not terminated');
    // Part = CRLF headers CRLF CRLF content CRLF
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new WebexError(400, 'multipart part without headers');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = headerParam(disposition, 'name');
    const filename = headerParam(disposition, 'filename');
    if (name === undefined) throw new WebexError(400, 'multipart part without a name');
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n;]*)/i.exec(headers)?.[1]?.trim() || 'application/octet-stream';
      if (name !== 'files') throw new WebexError(400, `unexpected file part "${name}"; files go in "files"`);
      result.files.push({ filename, contentType: type, bytes: Buffer.from(content) });
    } else {
      result.fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return result;
}
