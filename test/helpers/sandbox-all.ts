import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { BLOCK_SIZE, PORT_TABLE } from '../../src/cli/commands/sandbox-ports.ts';
import { BUILTIN_EXCHANGES } from '../../src/engine/calendars/exchanges/index.ts';
import { BIN, type CliResult, runProcess } from './cli.ts';

/** What test/e2e/sandbox-all.browser.test.ts needs besides the test itself: processes, ports, days. */

/** bin/opsbot in `cwd`; `input`, when given, goes to its stdin. */
export function opsbot(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  return runProcess(BIN, args, { cwd, env, input });
}

const tcpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
const udpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/**
 * The lowest port the kernel hands out for outgoing connections and port 0. A block below it
 * cannot be taken by another test's client socket between our check and the sandbox's bind.
 */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

/** A block of BLOCK_SIZE ports plus a daemon port, all free now, below the ephemeral range. */
export async function freeBlock(): Promise<{ base: number; daemon: number }> {
  const below = ephemeralLow() - BLOCK_SIZE - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 10_000 + Math.floor(Math.random() * Math.max(1, below - 10_000));
    const base = start - (start % 32);
    if (base < 1024 || base + BLOCK_SIZE + 1 > 65535) continue;
    const checks = await Promise.all([
      ...PORT_TABLE.map((p) => (p.protocol === 'udp' ? udpFree : tcpFree)(base + p.offset)),
      tcpFree(base + BLOCK_SIZE),
    ]);
    if (checks.every(Boolean)) return { base, daemon: base + BLOCK_SIZE };
  }
  throw new Error('no free block of ports');
}

/**
 * Types the command in #attendance and waits for the form. A trigger is good for 3 s only: on a
 * busy machine the form comes as a "양식 열기" button in the DM instead, and the person clicks it.
 */
export async function openForm(slack: Page, title: string): Promise<void> {
  await slack.locator('#channels button', { hasText: '# attendance' }).click();
  await slack.fill('#text', '/attendance');
  await slack.press('#text', 'Enter');
  const modal = slack.locator('#modal-title', { hasText: title });
  const appeared = (timeout: number) =>
    modal.waitFor({ timeout }).then(
      () => true,
      () => false,
    );
  if (await appeared(8_000)) return;
  // A dispatched click: a modal that turns up late would cover the DM link for a real one.
  await slack.locator('#dms button').dispatchEvent('click');
  const button = slack.locator('button[data-action="opsbot_form_open"]').last();
  await modal.or(button).first().waitFor({ timeout: 20_000 });
  if (await modal.isVisible()) return;
  await button.click();
  await modal.waitFor({ timeout: 20_000 });
}

/** Last month in Seoul: all of it is past, so the HR site takes every day and the result is fixed. */
export function lastMonth(): { key: string; input: string; label: string } {
  const today = seoulToday();
  const day = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1));
  const key = day.toISOString().slice(0, 7);
  return { key, input: key.replace('-', ''), label: `${day.getUTCFullYear()}년 ${day.getUTCMonth() + 1}월` };
}

/** The month's weekdays that the KR calendar does not close: what attendance enters. */
export function workdays(key: string): string[] {
  const year = Number(key.slice(0, 4));
  const closed = new Set(
    BUILTIN_EXCHANGES.get('KR')
      ?.closures(year)
      .map((c) => c.date),
  );
  const out: string[] = [];
  for (
    const day = new Date(`${key}-01T00:00:00Z`);
    day.toISOString().startsWith(key);
    day.setUTCDate(day.getUTCDate() + 1)
  ) {
    const iso = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !closed.has(iso)) out.push(iso);
  }
  return out;
}

export function weekend(iso: string): boolean {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function seoulToday(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Today in Seoul when XKRX trades then, else its next trading day: providers' weekend days are
 * ignored, and a day the calendar already closes would be a rename, not an addition.
 */
export function weekdayFromToday(): string {
  const day = new Date(`${seoulToday()}T00:00:00Z`);
  const closed = (iso: string) =>
    BUILTIN_EXCHANGES.get('XKRX')
      ?.closures(Number(iso.slice(0, 4)))
      .some((c) => c.date === iso);
  const iso = () => day.toISOString().slice(0, 10);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6 || closed(iso()))
    day.setUTCDate(day.getUTCDate() + 1);
  return iso();
}
