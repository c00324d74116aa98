import { describe, expect, it } from 'vitest';
import { mapSyslogSeverity, parseSyslog } from './syslog.ts';

describe('parseSyslog: RFC 5424', () => {
  it('parses the RFC example with structured data and a BOM', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 ' +
      '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]\uFEFFAn application event log entry...';
    expect(parseSyslog(line)).toEqual({
      format: '5424',
      facility: 20,
      severity: 5,
      timestamp: '2003-10-11T22:14:15.003Z',
      hostname: 'mymachine.example.com',
      appName: 'evntslog',
      procId: undefined,
      msgId: 'ID47',
      structuredData: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } },
      message: 'An application event log entry...',
    });
  });

  it('parses several SD elements with escaped characters, and no message', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 ' +
      '[exampleSDID@32473 iut="3" note="a \\"quoted\\" \\]"][examplePriority@32473 class="high"]';
    const m = parseSyslog(line)!;
    expect(m.structuredData).toEqual({
      'exampleSDID@32473': { iut: '3', note: 'a "quoted" ]' },
      'examplePriority@32473': { class: 'high' },
    });
    expect(m.message).toBe('');
  });

  it('parses nil fields and no structured data (rsyslog / FEP style)', () => {
    const m = parseSyslog('<11>1 2026-01-05T09:00:00.123+09:00 fep01 fepd 4123 - - KRX 시세 수신 중단\n')!;
    expect(m).toMatchObject({
      format: '5424',
      facility: 1,
      severity: 3,
      hostname: 'fep01',
      appName: 'fepd',
      procId: '4123',
      message: 'KRX 시세 수신 중단',
    });
    expect(m.structuredData).toBeUndefined();
    expect(m.msgId).toBeUndefined();
  });

  it('parses a nil timestamp', () => {
    expect(parseSyslog('<14>1 - host app - - - hi')).toMatchObject({ format: '5424', message: 'hi' });
  });
});

describe('parseSyslog: RFC 3164', () => {
  it('parses the RFC example', () => {
    expect(
      parseSyslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"),
    ).toEqual({
      format: '3164',
      facility: 4,
      severity: 2,
      timestamp: 'Oct 11 22:14:15',
      hostname: 'mymachine',
      appName: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('parses a padded day, a pid, and a Cisco-ish line without a tag', () => {
    expect(parseSyslog('<13>Jan  5 09:00:01 fep02 fepd[812]: order gateway reconnect')).toMatchObject({
      timestamp: 'Jan  5 09:00:01',
      hostname: 'fep02',
      appName: 'fepd',
      procId: '812',
      message: 'order gateway reconnect',
    });
    expect(
      parseSyslog('<187>Jan  5 09:00:01 sw-core-1 %LINK-3-UPDOWN Interface Gi1/0/1, changed state'),
    ).toMatchObject({
      severity: 3,
      hostname: 'sw-core-1',
      message: '%LINK-3-UPDOWN Interface Gi1/0/1, changed state',
    });
  });

  it('parses a message without a hostname (local logger style)', () => {
    expect(parseSyslog('<30>Jan  5 09:00:01 cron[99]: job done')).toMatchObject({
      appName: 'cron',
      procId: '99',
      message: 'job done',
    });
  });

  it('keeps lines that fit no format, with user.notice when there is no PRI', () => {
    expect(parseSyslog('just some text')).toEqual({
      format: 'unknown',
      facility: 1,
      severity: 5,
      message: 'just some text',
    });
    expect(parseSyslog('<11>free text after pri')).toMatchObject({ format: 'unknown', severity: 3 });
    expect(parseSyslog('  \r\n')).toBeNull();
  });
});

describe('mapSyslogSeverity', () => {
  it('maps 0–7 to opsbot severities', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(mapSyslogSeverity)).toEqual([
      'critical',
      'critical',
      'critical',
      'error',
      'warning',
      'info',
      'info',
      'info',
    ]);
  });
});
