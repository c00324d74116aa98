import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../sandbox/sshd.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';

/**
 * The issue: `opsbot run holiday-checker --dry-run` created calendar events, copied files over
 * SFTP and posted messages. A dry run now reads everything and changes nothing.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'holiday-checker-dry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** XKRX with one closure ahead: 설날 on 2026-02-16. */
const seollal = {
  exchanges: async () => [{ exchange: 'XKRX', name: 'Korea Exchange', timezone: 'Asia/Seoul' }],
  closures: async () => [{ exchange: 'XKRX', date: '2026-02-16', name: '설날' }],
};

describe('holiday-checker --dry-run', () => {
  it('creates no calendar event, writes and copies no file, posts nothing and keeps no snapshot', async () => {
    const writes: string[] = [];
    const listed: unknown[] = [];
    const port = await freePort();
    const t = createTestApp(holidayChecker, {
      now: '2026-02-07T21:00:00Z',
      dryRun: true,
      options: {
        exchanges: ['XKRX'],
        target: 'desk',
        calendar: { connection: 'nw', user: 'kim@example.com' },
        files: {
          dir: path.join(dir, 'files'),
          servers: [{ name: 'fep', host: '127.0.0.1', port, username: 'x', password: 'y', path: '/tmp' }],
        },
      },
      calendar: seollal,
      connectors: {
        nw: {
          directory: { findByEmail: async () => ({ userId: 'u1' }) },
          calendar: {
            listEvents: async (args: unknown) => {
              listed.push(args);
              return { items: [] };
            },
            createEvent: async () => {
              writes.push('createEvent');
              return { eventId: 'e1' };
            },
            updateEvent: async () => writes.push('updateEvent'),
            deleteEvent: async () => writes.push('deleteEvent'),
          },
        },
      },
    });
    await t.run();
    expect(listed).toHaveLength(1);
    expect(writes).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(t.sent).toEqual([]);
    expect([...t.state.keys()]).toEqual([]);
  });

  it('a real run after it still reports the change and creates the event', async () => {
    const created: unknown[] = [];
    const options = {
      now: '2026-02-07T21:00:00Z',
      state: new Map<string, unknown>(),
      options: {
        exchanges: ['XKRX'],
        target: 'desk',
        calendar: { connection: 'nw', user: 'kim@example.com' },
      },
      calendar: seollal,
      connectors: {
        nw: {
          directory: { findByEmail: async () => ({ userId: 'u1' }) },
          calendar: {
            listEvents: async () => ({ items: [] }),
            createEvent: async (args: unknown) => {
              created.push(args);
              return { eventId: 'e1' };
            },
          },
        },
      },
    };
    await createTestApp(holidayChecker, { ...options, dryRun: true }).run();
    const real = createTestApp(holidayChecker, options);
    await real.run();
    expect(created).toHaveLength(1);
    expect(real.sent).toHaveLength(1);
  });
});
