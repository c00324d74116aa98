import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';

/**
 * Every command line runs in one CLI process (`CliSession`): the real commands, without a Node
 * start per case, so the file passes on a machine whose cores are busy.
 * A config-defined exchange keeps these assertions independent of the built-in rule sets; XKRX
 * appears only where the built-ins themselves are the point (they must be there too).
 */
const CONFIG = `dataDir: ./data
http: { port: 0 }
exchanges:
  XDESK:
    name: Desk Exchange
    timezone: Asia/Seoul
    session: "09:00-15:30"
    closed: [{ date: 2026-06-05, name: 창립기념일 }]
`;

interface Row {
  exchange: string;
  date: string;
  kind: string;
  name: string;
  open?: string | null;
  close?: string | null;
  source: string;
}

interface Day {
  exchange: string;
  date: string;
  trading: boolean;
  closure: string | null;
  session: { open: string; close: string; special?: string } | null;
}

describe('opsbot holiday', () => {
  const project = new Project('opsbot-holiday-');
  const cli = new CliSession(project.dir);

  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli.run('holiday', ...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const june = (cmd = 'list') =>
    json<Row[]>(cmd, '--exchange', 'xdesk', '--from', '2026-06-01', '--to', '2026-06-30');
  const brief = (rows: Row[]) => rows.map((r) => [r.date, r.kind, r.name, r.source]);

  beforeAll(() => project.write('opsbot.yaml', CONFIG));
  afterAll(async () => {
    await cli.close();
    expect(cli.stray).toBe('');
    await project.cleanup();
  });

  it('add and list round-trip through the store (daemon down)', async () => {
    expect(brief(await june())).toEqual([['2026-06-05', 'closed', '창립기념일', 'rules']]);

    const added = await cli.run('holiday', 'add', 'xdesk', '2026-06-08', '임시', '휴장');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('added: XDESK 2026-06-08 closed');
    expect((await cli.run('holiday', 'add', 'XDESK', '2026-06-05', '정상 개장', '--force-open')).code).toBe(
      0,
    );
    expect(await json<Row>('add', 'XDESK', '2026-06-10', '단축 거래', '--close', '13:00')).toMatchObject({
      exchange: 'XDESK',
      kind: 'session',
      open: null,
      close: '13:00',
      source: 'manual',
    });
    expect(brief(await june())).toEqual([
      ['2026-06-05', 'open', '정상 개장', 'manual'],
      ['2026-06-08', 'closed', '임시 휴장', 'manual'],
      ['2026-06-10', 'session', '단축 거래', 'manual'],
    ]);
  });

  it('update changes the name, and hours make the day a session', async () => {
    expect(await json<Row>('update', 'XDESK', '2026-06-08', '--name', '임시 휴장 (정정)')).toMatchObject({
      kind: 'closed',
      name: '임시 휴장 (정정)',
    });
    expect(await json<Row>('update', 'XDESK', '2026-06-08', '--open', '10:00')).toMatchObject({
      kind: 'session',
      name: '임시 휴장 (정정)',
      open: '10:00',
      close: null,
    });
    const missing = await cli.run('holiday', 'update', 'XDESK', '2026-06-09', '--name', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no curated entry for XDESK on 2026-06-09');
  });

  it('remove deletes a curated entry once; the rest stays', async () => {
    expect(await json('remove', 'XDESK', '2026-06-08')).toEqual({
      removed: { exchange: 'XDESK', date: '2026-06-08' },
    });
    expect((await cli.run('holiday', 'remove', 'XDESK', '2026-06-08')).code).toBe(1);
    expect(brief(await june('crud'))).toEqual([
      ['2026-06-05', 'open', '정상 개장', 'manual'],
      ['2026-06-10', 'session', '단축 거래', 'manual'],
    ]);

    const table = await cli.run(
      'holiday',
      'list',
      '--exchange',
      'XDESK',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-30',
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/XDESK.*2026-06-10.*session.*단축 거래.*manual/);
  });

  it('check tells open or closed, why, and the hours', async () => {
    const on = async (date: string) => (await json<Day[]>('check', date, '--exchange', 'XDESK'))[0];
    expect(await on('2026-06-10')).toMatchObject({
      trading: true,
      closure: null,
      session: { open: '09:00', close: '13:00', special: '단축 거래' },
    });
    expect(await on('2026-06-12')).toMatchObject({
      trading: true,
      session: { open: '09:00', close: '15:30' },
    });
    expect(await on('2026-06-13')).toMatchObject({ trading: false, closure: 'weekend', session: null });

    // Without a date: today in each exchange's timezone, every exchange, built-ins included.
    const today = await json<Day[]>('check');
    expect(today.map((d) => d.exchange)).toEqual(expect.arrayContaining(['XDESK', 'XKRX']));

    const human = await cli.run('holiday', 'check', '2026-06-13');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/XDESK.*2026-06-13.*Sat.*closed.*weekend/);
  });

  it('refuses bad dates, unknown exchanges and bad hours with a usage error (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['add', 'XDESK', '2026-02-30', 'x'], 'real YYYY-MM-DD date, got "2026-02-30"'],
      [['add', 'NOPE', '2026-02-03', 'x'], 'unknown exchange "NOPE" (known: '],
      [['add', 'XDESK', '2026-02-03', 'x', '--open', '25:00'], '--open must be HH:MM'],
      [['add', 'XDESK', '2026-02-03', 'x', '--force-open', '--close', '12:00'], '--force-open'],
      [['check', '2026-13-01'], 'real YYYY-MM-DD date'],
      [['list', '--from', '2026-06-30', '--to', '2026-06-01'], 'is after --to'],
      [['remove', 'NOPE', '2026-02-03'], 'unknown exchange'],
      [['export', '--format', 'xml'], '--format must be one of csv, json, ics'],
    ];
    for (const [args, message] of cases) {
      const r = await cli.run('holiday', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const unknown = await cli.run('holiday', 'add', 'NOPE', '2026-02-03', 'x');
    expect(unknown.stderr).toMatch(/known: .*XDESK/);
    expect(brief(await june())).toHaveLength(2);
  });

  it('import writes nothing when any row is wrong, and every problem has its line', async () => {
    project.write(
      'bad.csv',
      'exchange,date,name\nXDESK,2026-07-01,good row\nNOPE,2026-07-02,unknown exchange\nXDESK,2026-02-30,bad date\n',
    );
    const bad = await cli.run('holiday', 'import', 'bad.csv');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv:3: .*NOPE/);
    expect(bad.stderr).toMatch(/bad\.csv:4: .*2026-02-30/);
    expect(bad.stderr).toContain('nothing was imported');
    expect((await cli.run('holiday', 'loaddata', 'bad.csv')).code).toBe(1);
    const july = () =>
      json<Row[]>('list', '--exchange', 'XDESK', '--from', '2026-07-01', '--to', '2026-07-31');
    expect(await july()).toEqual([]);

    project.write('good.csv', 'exchange,date,name,kind,open,close\nxdesk,2026-07-01,하계 휴장,closed,,\n');
    expect(await json('import', 'good.csv')).toEqual({ imported: 1 });
    expect(brief(await july())).toEqual([['2026-07-01', 'closed', '하계 휴장', 'import']]);
  });

  it('export writes the merged calendar as JSON, CSV or ICS, to stdout or a file', async () => {
    const range = ['--exchange', 'XDESK', '--from', '2026-06-01', '--to', '2026-07-31'];
    const out = await cli.run('holiday', 'export', '--format', 'json', ...range);
    expect(out.code, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout) as Row[];
    expect(rows.map((r) => [r.date, r.kind])).toEqual([
      ['2026-06-05', 'open'],
      ['2026-06-10', 'session'],
      ['2026-07-01', 'closed'],
    ]);

    const file = await cli.run('holiday', 'export', '--format', 'csv', ...range, '--output', 'out.csv');
    expect(file.code, file.stderr).toBe(0);
    expect(file.stdout).toBe('');
    expect(project.read('out.csv')).toContain('XDESK,2026-07-01,하계 휴장,closed');

    const ics = await cli.run('holiday', 'export', '--format', 'ics', ...range);
    expect(ics.stdout).toContain('BEGIN:VCALENDAR');
  });

  it('keeps the old command names', async () => {
    const help = await cli.run('holiday', '--help');
    expect(help.code).toBe(0);
    for (const name of ['list|crud', 'import|loaddata', 'sync|calendarupdate', 'diff']) {
      expect(help.stdout).toContain(name);
    }
  });
});
