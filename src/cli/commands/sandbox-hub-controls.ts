import { SANDBOX_ACCOUNT } from '../../sandbox/hr/index.ts';
import {
  type HubControls,
  type HubHrRecord,
  HubInputError,
  type HubLink,
  type HubPosted,
} from '../../sandbox/hub/types.ts';
import { sendFepFrames } from '../../sandbox/load/alert-load.ts';
import { KAKAO_FILE } from './sandbox-example.ts';
import type { Stack } from './sandbox-stack.ts';

/**
 * The hub's controls over the running emulators: switches, the notice site, the data.go.kr days,
 * the Kakao file, FEP frames to market-alert's listener, the HR site's records, and what the bot
 * posted on every messenger emulator, newest first.
 */

const POSTED_LIMIT = 60;
/** About two months of working days: enough to see a run, short enough for the page. */
const HR_LIMIT = 62;
const TEXT_KEYS = new Set(['text', 'title', 'value', 'altText', 'fallback', 'subject']);

/** The readable strings of a message body (flex, blocks, cards), joined: enough to tell messages apart. */
export function readableText(value: unknown, out: string[] = []): string {
  if (Array.isArray(value)) for (const item of value) readableText(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && TEXT_KEYS.has(key) && v.trim() && !out.includes(v)) out.push(v);
      else if (typeof v === 'object') readableText(v, out);
    }
  }
  return out.join(' | ').slice(0, 600);
}

function posted(stack: Stack): HubPosted[] {
  const { works, slack, webex, mail, cloud } = stack;
  const titles = new Map(stack.tenant.facts.channels.map((c) => [c.channelId, c.title ?? c.channelId]));
  const all: HubPosted[] = [
    ...works.state.messages.map((m) => ({
      messenger: 'NAVER WORKS',
      to: m.kind === 'channel' ? `#${titles.get(m.to) ?? m.to}` : m.to,
      text: readableText(m.content),
      at: m.receivedAt,
    })),
    ...slack.state.messages
      .filter((m) => m.author === slack.state.workspace.botUserId && !m.deleted)
      .map((m) => ({
        messenger: 'Slack',
        to: m.channel,
        text: m.text || readableText(m.blocks ?? m.attachments ?? []),
        at: Math.round(Number(m.ts) * 1000),
      })),
    ...webex.state.messages
      .filter((m) => m.fromBot)
      .map((m) => ({
        messenger: 'Webex',
        to: m.roomType === 'direct' ? m.personEmail : m.roomId,
        text: m.markdown ?? m.text ?? readableText(m.attachments),
        at: Date.parse(m.created),
      })),
    ...cloud.parts.teams.cards.map((c) => ({
      messenger: 'Teams',
      to: c.workflow,
      text: readableText(c.card),
      at: c.at,
    })),
    ...mail.messages.map((m) => ({
      messenger: 'Mail',
      to: m.envelope.to.join(', '),
      text: `${m.subject}\n${(m.text ?? '').slice(0, 400)}`,
      at: Date.parse(m.receivedAt),
    })),
  ];
  return all.sort((a, b) => b.at - a.at).slice(0, POSTED_LIMIT);
}

/** Every account's stored days on the HR site, the latest dates first. */
function hrRecords(stack: Stack): HubHrRecord[] {
  const all = stack.hr.accounts.flatMap((a) =>
    stack.hr.entries(a.memberId).map((e) => ({ memberId: a.memberId, ...e })),
  );
  return all
    .sort((a, b) => b.date.localeCompare(a.date) || a.memberId.localeCompare(b.memberId))
    .slice(0, HR_LIMIT);
}

function device(stack: Stack, name: string) {
  const found = stack.agents.devices.find((d) => d.name === name);
  if (!found) throw new HubInputError(`no switch ${name}`);
  return found;
}

export function hubControls(stack: Stack, links: HubLink[], fepPort: number): HubControls {
  return {
    links,
    fepAddress: `127.0.0.1:${fepPort}`,
    switches: () =>
      stack.agents.devices.map((d) => ({
        name: d.name,
        bootedAt: d.model.bootedAt,
        ports: d.model.ports.map((p) => ({ name: p.name, up: p.up && p.adminUp })),
      })),
    setPort(name, port, up) {
      const d = device(stack, name);
      if (!d.model.ports.some((p) => p.name === port)) throw new HubInputError(`${name} has no port ${port}`);
      d.setUp(port, up);
    },
    reboot: (name) => device(stack, name).reboot(),
    notices: () =>
      stack.noticeList.map((n) => ({
        id: n.id,
        title: n.title,
        date: n.date ?? '',
        attachments: n.attachments ?? [],
      })),
    postNotice({ title, attachment }) {
      const id = String(Math.max(0, ...stack.noticeList.map((n) => Number(n.id) || 0)) + 1);
      const notice = {
        id,
        title,
        date: new Date().toISOString().slice(0, 10),
        attachments: attachment ? [attachment] : [],
      };
      stack.notices.add({ ...notice });
      stack.noticeList.unshift(notice);
      return notice;
    },
    kakaoFile() {
      const view = stack.kakao.file(KAKAO_FILE);
      if (!view) return null;
      return {
        fileName: KAKAO_FILE,
        fields: Object.keys(view.schema),
        users: Object.entries(view.users).map(([id, values]) => ({ id, values })),
      };
    },
    async sendFep(frame) {
      try {
        await sendFepFrames({ host: '127.0.0.1', port: fepPort, frames: [frame] });
      } catch (err) {
        // Nothing listens until the daemon runs market-alert.
        throw new HubInputError(
          `market-alert is not listening on 127.0.0.1:${fepPort} (${(err as Error).message}); start the daemon`,
        );
      }
    },
    holidays: () => [...stack.datagokrAdded],
    addHoliday(day) {
      const at = stack.datagokrDays.findIndex((d) => d.date === day.date);
      if (at >= 0) stack.datagokrDays.splice(at, 1);
      stack.datagokrDays.push({ ...day });
      stack.datagokrAdded.push({ ...day });
    },
    hrRecords: () => hrRecords(stack),
    hrLogin: { ...(stack.hr.accounts[0] ?? SANDBOX_ACCOUNT) },
    posted: () => posted(stack),
  };
}
