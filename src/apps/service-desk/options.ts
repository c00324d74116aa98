import { z } from 'opsbot';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');

const person = z.object({
  name: z.string().min(1),
  email: z.string().min(3),
  team: z.string().min(1),
  admin: z.boolean().default(false),
  /** Messenger user ids that are this person too (a NAVER WORKS userId, a sandbox name). */
  ids: z.array(z.string().min(1)).default([]),
});

const dayPick = z.object({
  /** How the day is called in reminders and mails. */
  name: z.string().min(1).default('TG day'),
  /** Day of the month (moved to the next working day when closed) the first reminder goes out. */
  remindDay: z.number().int().min(1).max(28).default(1),
  remindAt: time.default('09:00'),
  /** Picks for this month can change until this day (next working day when closed) at deadlineAt. */
  deadlineDay: z.number().int().min(1).max(28).default(3),
  deadlineAt: time.default('14:00'),
});

const reports = z.object({
  /** 1 = Monday … 5 = Friday (moved to the next working day when closed). */
  remindWeekday: z.number().int().min(1).max(7).default(5),
  remindAt: time.default('09:00'),
  /** That same day, the managers get the week's reports. */
  deadlineAt: time.default('09:40'),
  extensions: z.array(z.string().min(1)).min(1).default(['pptx', 'xlsx', 'pdf']),
});

/** `with:` of builtin:service-desk (docs/service-desk.md). */
export const options = z.object({
  /** The catalogue: a YAML file or the old bot's Elasticsearch/ folder, relative to the daemon's working directory. */
  catalogue: z.string().min(1),
  /** A target that gets a copy of every digest (e.g. `mail` or `mail/to/…`); also turns on mailing form answers. */
  mail: z.string().min(1).optional(),
  /** The mail connection managers (and people who never wrote to the bot) are mailed through. */
  mailConnection: z.string().min(1).default('mail'),
  teams: z.array(z.object({ name: z.string().min(1), manager: z.string().min(3) })).default([]),
  /** A list, or a CSV file (header `name,email,team,admin,ids`) relative to the daemon's working directory. */
  people: z.union([z.array(person), z.string().min(1)]).default([]),
  dayPick: dayPick.prefault({}),
  reports: reports.prefault({}),
  /** The holiday calendar: jobs never act on its closed days or weekends. */
  calendar: z.string().min(1).default('KR'),
  /** How long the bot waits for each answer. */
  conversationTtl: z.union([z.string(), z.number()]).default('3m'),
  /** An ISO time that replaces "now" for one run (`opsbot run service-desk --set at=…`). */
  at: z.string().optional(),
});

export type Options = z.output<typeof options>;
export type PersonInput = z.input<typeof person>;
export const personSchema = person;
