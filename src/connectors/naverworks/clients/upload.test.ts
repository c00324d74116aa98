import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.ts';
import { Redactor } from '../../../platform/redact.ts';
import { DeliveryError } from '../../types.ts';
import { createWorksRawFetch, trustsWithToken } from '../api.ts';
import type { TokenManager } from '../tokens.ts';
import { fileNameOf, postFiledata, resolveUploads } from './upload.ts';

/** Records what would be uploaded and hands out predictable fileIds. */
function recorder() {
  const uploads: [string, string][] = [];
  const upload = async (fileName: string, bytes: Uint8Array) => {
    uploads.push([fileName, Buffer.from(bytes).toString()]);
    return `fid-${uploads.length}`;
  };
  return { uploads, upload };
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const uri = { type: 'uri', label: 'Open', uri: 'https://example.com' };

describe('resolveUploads', () => {
  it('replaces upload with fileId on image and file content', async () => {
    const { uploads, upload } = recorder();
    expect(
      await resolveUploads({ type: 'image', upload: { fileName: 'a.png', data: b64('png') } }, upload),
    ).toEqual({ type: 'image', fileId: 'fid-1' });
    const withBytes = { type: 'file', upload: { fileName: 'b.txt', data: new Uint8Array([104, 105]) } };
    expect(await resolveUploads(withBytes, upload)).toEqual({ type: 'file', fileId: 'fid-2' });
    expect(uploads).toEqual([
      ['a.png', 'png'],
      ['b.txt', 'hi'],
    ]);
  });

  it('handles list_template cover and elements, carousel and image_carousel columns', async () => {
    const { upload } = recorder();
    const list = await resolveUploads(
      {
        type: 'list_template',
        coverData: { title: 'Cover', upload: { fileName: 'c.png', data: b64('c') } },
        elements: [
          { title: 'A', action: uri, upload: { fileName: 'e.png', data: b64('e') } },
          { title: 'B' },
        ],
      },
      upload,
    );
    expect(list).toEqual({
      type: 'list_template',
      coverData: { title: 'Cover', backgroundFileId: 'fid-1' },
      elements: [{ title: 'A', action: uri, fileId: 'fid-2' }, { title: 'B' }],
    });
    const carousel = await resolveUploads(
      { type: 'image_carousel', columns: [{ action: uri, upload: { fileName: 'x.png', data: b64('x') } }] },
      upload,
    );
    expect(carousel).toEqual({ type: 'image_carousel', columns: [{ action: uri, fileId: 'fid-3' }] });
  });

  it('leaves other content alone and rejects a malformed upload for good', async () => {
    const { uploads, upload } = recorder();
    const text = { type: 'text', text: 'hi' };
    expect(await resolveUploads(text, upload)).toBe(text);
    for (const bad of [{ fileName: '', data: 'eA==' }, { fileName: 'a', data: 'not base64!' }, 'a.png']) {
      const err = await resolveUploads({ type: 'file', upload: bad }, upload).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect((err as DeliveryError).retryable).toBe(false);
      expect((err as DeliveryError).message).toMatch(/^content\.upload: /);
    }
    expect(uploads).toEqual([]);
  });
});

describe('download helpers', () => {
  it('reads RFC 5987 and plain file names', () => {
    expect(fileNameOf("attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.xlsx")).toBe('보고서.xlsx');
    expect(fileNameOf('attachment; filename="a b.txt"')).toBe('a b.txt');
    expect(fileNameOf('attachment')).toBeUndefined();
    expect(fileNameOf(null)).toBeUndefined();
  });

  it('sends the token only to the API origin or an https WORKS host', () => {
    const api = 'http://127.0.0.1:4000/v1.0';
    expect(trustsWithToken(new URL('http://127.0.0.1:4000/storage/x'), api)).toBe(true);
    expect(trustsWithToken(new URL('https://apis-storage.worksmobile.com/k/x'), api)).toBe(true);
    expect(trustsWithToken(new URL('http://apis-storage.worksmobile.com/k/x'), api)).toBe(false);
    expect(trustsWithToken(new URL('https://worksmobile.com.evil.example/x'), api)).toBe(false);
    expect(trustsWithToken(new URL('https://cdn.example.com/x'), api)).toBe(false);
  });

  it('uploads to an upload URL on a foreign host without the token (and never asks for one)', async () => {
    let authorization: string | undefined = 'unset';
    const foreign = createServer((req, res) => {
      authorization = req.headers.authorization;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fileId":"f1"}'));
    });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    try {
      const tokens = {
        accessToken: () => Promise.reject(new Error('no token may be fetched for a foreign host')),
      } as unknown as TokenManager;
      const raw = createWorksRawFetch({
        apiUrl: 'http://127.0.0.1:1/v1.0',
        tokens,
        clock: systemClock,
        redactor: new Redactor(),
      });
      const port = (foreign.address() as AddressInfo).port;
      const answer = await postFiledata(
        raw,
        `http://127.0.0.1:${port}/up/once`,
        'a.txt',
        new Uint8Array([1, 2]),
      );
      expect(answer).toEqual({ fileId: 'f1' });
      expect(authorization).toBeUndefined();
    } finally {
      foreign.close();
    }
  });
});
