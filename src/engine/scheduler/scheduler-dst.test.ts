import { describe, expect, it } from 'vitest';
import { createHarness, iso, job } from './harness.ts';

const HOUR = 3_600_000;

/** Every whole hour from `first` to `last` inclusive, in UTC. */
function hourly(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last); t += HOUR) out.push(iso(t));
  return out;
}

async function fires(cron: string, timezone: string, from: string, to: string): Promise<string[]> {
  const h = createHarness({ start: from });
  h.scheduler.set([job('dst', cron, { timezone })]);
  await h.scheduler.start();
  await h.clock.advanceTo(to);
  // The scheduler never fires early or late with a fake clock.
  for (const f of h.fired) expect(f.firedAt).toBe(f.scheduledAt);
  return h.fired.map((f) => f.scheduledAt);
}

describe('Scheduler across DST changes', () => {
  describe('America/New_York', () => {
    it('a daily 02:30 (inside the spring-forward gap) runs once, at 03:30 EDT', async () => {
      expect(
        await fires('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', '2026-03-10T00:00:00Z'),
      ).toEqual(['2026-03-08T07:30:00Z', '2026-03-09T06:30:00Z']);
    });

    it('a daily 01:30 (inside the repeated hour) runs once, at its first pass (EDT)', async () => {
      expect(
        await fires('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', '2026-11-03T00:00:00Z'),
      ).toEqual(['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z']);
    });

    it('an hourly job fires 23 times on the spring-forward day, every real hour', async () => {
      // Local 2026-03-08 runs from 05:00Z (00:00 EST) to 04:00Z next day (00:00 EDT).
      const got = await fires(
        '0 * * * *',
        'America/New_York',
        '2026-03-08T04:30:00Z',
        '2026-03-09T03:59:59Z',
      );
      expect(got).toEqual(hourly('2026-03-08T05:00:00Z', '2026-03-09T03:00:00Z'));
      expect(got).toHaveLength(23);
    });

    it('an hourly job fires 25 times on the fall-back day, every real hour', async () => {
      // Local 2026-11-01 runs from 04:00Z (00:00 EDT) to 05:00Z next day (00:00 EST).
      const got = await fires(
        '0 * * * *',
        'America/New_York',
        '2026-11-01T03:30:00Z',
        '2026-11-02T04:59:59Z',
      );
      expect(got).toEqual(hourly('2026-11-01T04:00:00Z', '2026-11-02T04:00:00Z'));
      expect(got).toHaveLength(25);
    });
  });

  describe('Europe/Berlin', () => {
    it('a daily 02:30 on the spring-forward day runs once, at 03:30 CEST', async () => {
      expect(
        await fires('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-31T00:00:00Z'),
      ).toEqual(['2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z']);
    });

    it('a daily 02:30 on the fall-back day runs once, at its first pass (CEST)', async () => {
      expect(
        await fires('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-27T00:00:00Z'),
      ).toEqual(['2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z']);
    });

    it('an hourly job fires 23 and 25 times on the change days', async () => {
      const spring = await fires(
        '0 * * * *',
        'Europe/Berlin',
        '2026-03-28T22:30:00Z',
        '2026-03-29T21:59:59Z',
      );
      expect(spring).toEqual(hourly('2026-03-28T23:00:00Z', '2026-03-29T21:00:00Z'));
      expect(spring).toHaveLength(23);
      const fall = await fires('0 * * * *', 'Europe/Berlin', '2026-10-24T21:30:00Z', '2026-10-25T22:59:59Z');
      expect(fall).toEqual(hourly('2026-10-24T22:00:00Z', '2026-10-25T22:00:00Z'));
      expect(fall).toHaveLength(25);
    });
  });

  it('Asia/Seoul has no DST: 07:30 daily is 22:30Z the day before, all year', async () => {
    expect(await fires('30 7 * * *', 'Asia/Seoul', '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([
      '2026-03-07T22:30:00Z',
      '2026-03-08T22:30:00Z',
    ]);
    expect(await fires('30 7 * * *', 'Asia/Seoul', '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z')).toEqual([
      '2026-07-01T22:30:00Z',
    ]);
  });
});
