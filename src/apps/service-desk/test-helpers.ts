import { type Captured, createTestApp, type TestApp, type TestAppOptions } from 'opsbot/testing';
import { createServiceDeskApp } from './app.ts';
import type { Options } from './options.ts';
import type { CatalogueSeam, Match, Service } from './services.ts';
import type { Downloaded } from './upload.ts';

/** The catalogue the tests use (what a YAML catalogue would load to). */
export const SERVICES: Service[] = [
  { name: 'TG day 등록', code: '1', kind: 'day-pick', synonyms: ['티지 데이 등록', 'tgday'], options: {} },
  {
    name: 'TG day 조회',
    code: '2',
    kind: 'day-lookup',
    synonyms: ['티지 데이 조회', 'get tgday'],
    options: {},
  },
  {
    name: '주간업무 보고',
    code: '3',
    kind: 'report-upload',
    synonyms: ['업무보고', '주간 보고'],
    options: {},
  },
  {
    name: '와이파이 안내',
    code: '4',
    kind: 'reply',
    synonyms: ['와이파이'],
    options: { text: '손님용 와이파이는 TG-Guest, 비밀번호는 안내 데스크에 있습니다.' },
  },
  {
    name: '비품 신청',
    code: '5',
    kind: 'form',
    synonyms: ['비품'],
    options: {
      form: { title: '비품 신청', fields: [{ name: 'item', type: 'text', label: '품목', required: true }] },
    },
  },
];

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '');

/**
 * A stand-in for ./search: a whole synonym (spaces and case aside) is found; otherwise the services
 * with a synonym containing the text are found when one, a tie when several.
 */
export const fakeCatalogue: CatalogueSeam & { loaded: Array<[string, string]> } = {
  loaded: [],
  async load(file, baseDir) {
    fakeCatalogue.loaded.push([file, baseDir]);
    return SERVICES;
  },
  search: (services) => ({
    find(text): Match {
      const t = squash(text);
      const exact = services.find((s) => s.synonyms.some((w) => squash(w) === t));
      if (exact) return { kind: 'found', service: exact, how: 'synonym' };
      const near = services.filter((s) => s.synonyms.some((w) => t.length > 1 && squash(w).includes(t)));
      if (near.length === 1) return { kind: 'found', service: near[0] as Service, how: 'words' };
      return near.length ? { kind: 'tie', services: near } : { kind: 'none' };
    },
  }),
};

export const KIM = { user: 'kim', replyTo: 'webex/room/kim-dm' };
export const LEE = { user: 'lee@example.com', replyTo: 'webex/room/lee-dm' };
export const PARK = { user: 'park', replyTo: 'webex/room/park-dm' };
export const STRANGER = { user: 'nobody@example.com', replyTo: 'webex/room/nobody-dm' };

export const BASE_OPTIONS = {
  catalogue: 'catalogue.yaml',
  teams: [
    { name: '플랫폼개발3팀', manager: 'boss3@example.com' },
    { name: '인프라팀', manager: 'infra-boss@example.com' },
  ],
  people: [
    { name: '김철수', email: 'Kim@Example.com', team: '플랫폼개발3팀', admin: true, ids: ['kim'] },
    { name: '이영희', email: 'lee@example.com', team: '플랫폼개발3팀' },
    { name: '박민수', email: 'park@example.com', team: '인프라팀', ids: ['park'] },
  ],
};

export interface Setup {
  t: TestApp<Options>;
  downloads: string[];
  /** Delivers a message with files, as a Webex message with attachments arrives (see sendFiles). */
  sendFiles(from: { user: string; replyTo: string }, files: string[]): Promise<Captured[]>;
}

/** The app with the fake catalogue; "now" is 2026-04-01 10:00 in Seoul (a Wednesday) unless given. */
export function setup(
  input: {
    options?: Record<string, unknown>;
    now?: string;
    mail?: boolean;
    closed?: Record<string, string[]>;
    dryRun?: boolean;
    files?: Record<string, Downloaded>;
  } = {},
): Setup {
  const downloads: string[] = [];
  const extra: TestAppOptions = {
    now: input.now ?? '2026-04-01T01:00:00Z',
    options: { ...BASE_OPTIONS, ...input.options },
    connectors: {
      webex: {
        download: async (url: string) => {
          downloads.push(url);
          const file = input.files?.[url];
          if (!file) throw new Error(`no such file ${url}`);
          return file;
        },
      },
    },
    connections: [{ name: 'webex', type: 'webex' }, ...(input.mail ? [{ name: 'mail', type: 'smtp' }] : [])],
    ...(input.closed ? { closed: input.closed } : {}),
    ...(input.dryRun ? { dryRun: true } : {}),
  };
  const t = createTestApp<Options>(createServiceDeskApp(fakeCatalogue), extra);
  const sendFiles = (from: { user: string; replyTo: string }, files: string[]) =>
    t.message('', { ...from, files });
  return { t, downloads, sendFiles };
}

export const texts = (sent: Captured[]) => sent.map((s) => (s.message as { text: string }).text);

export const to = (sent: Captured[], target: string) =>
  sent.filter((s) => s.target === target).map((s) => (s.message as { text: string }).text);

/** A mail as the app sends it natively (ctx.send to mail/to/…). */
export interface SentMail {
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export const mails = (sent: Captured[]) =>
  sent.filter((s) => s.kind === 'native').map((s) => ({ target: s.target, ...(s.message as SentMail) }));

export const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
