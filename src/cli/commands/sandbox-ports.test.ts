import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, checkPortsFree, PORT_TABLE, parsePortBase, portsFrom } from './sandbox-ports.ts';

describe('the complete sandbox port table', () => {
  it('is the table docs/sandbox.md shows', () => {
    const doc = readFileSync(new URL('../../../docs/sandbox.md', import.meta.url), 'utf8');
    for (const p of PORT_TABLE) {
      expect(doc).toContain(`| +${p.offset} | ${9090 + p.offset} | ${p.protocol} | ${p.what} |`);
    }
    expect(doc.match(/^\| \+\d+ \| \d+ \| (tcp|udp) \|/gm)).toHaveLength(PORT_TABLE.length);
  });

  it('gives every emulator its own port from the base', () => {
    const ports = portsFrom(20000);
    expect(new Set(Object.values(ports)).size).toBe(PORT_TABLE.length);
    expect([ports.works, ports.hub, ports.fep, ports.telnet1]).toEqual([20000, 20003, 20015, 20024]);
    expect(BLOCK_SIZE).toBe(25);
  });

  it('takes a base from 1024 to the last one the block fits under', () => {
    expect(parsePortBase(undefined)).toBe(9090);
    expect(parsePortBase(String(65535 - BLOCK_SIZE + 1))).toBe(65511);
    for (const bad of ['1023', '65512', '9090.5', '-1', 'x']) {
      expect(() => parsePortBase(bad)).toThrow(`--port-base takes a port from 1024 to 65511`);
    }
  });

  it('names the first taken port and what would listen there', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const taken = (server.address() as { port: number }).port;
    try {
      await expect(checkPortsFree('127.0.0.1', taken - 5)).rejects.toThrow(
        `port ${taken} (mail sink (SMTP, STARTTLS)) is in use on 127.0.0.1`,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
