/**
 * A stand-in for Abstract API's holidays endpoint (`GET /v1/?api_key&country&year[&month&day]`):
 * a JSON array of all-string objects with `date` as MM/DD/YYYY, 401 for a wrong key and 400 without
 * country or year (year is required on the free plan, which is what deployments use).
 */
import Fastify from 'fastify';
import { type HolidayEmulator, listen, recordRequests } from './listen.ts';

export interface AbstractDay {
  /** YYYY-MM-DD */
  date: string;
  name: string;
  /** Default "National". */
  type?: string;
  nameLocal?: string;
}

export interface AbstractEmulatorOptions {
  apiKey: string;
  /** By ISO country code ("KR"). */
  data: Record<string, AbstractDay[]>;
  port?: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function toAbstract(day: AbstractDay, country: string) {
  const [year = '', month = '', dayOfMonth = ''] = day.date.split('-');
  return {
    name: day.name,
    name_local: day.nameLocal ?? '',
    language: '',
    description: '',
    country,
    location: country,
    type: day.type ?? 'National',
    date: `${month}/${dayOfMonth}/${year}`,
    date_year: year,
    date_month: month,
    date_day: dayOfMonth,
    week_day: WEEKDAYS[new Date(`${day.date}T00:00:00Z`).getUTCDay()] ?? '',
  };
}

const error = (message: string, code: string) => ({ error: { message, code, details: null } });

export async function startAbstractEmulator(options: AbstractEmulatorOptions): Promise<HolidayEmulator> {
  const app = Fastify({ logger: false });
  const requests: HolidayEmulator['requests'] = [];
  recordRequests(app, requests);
  const data = new Map(Object.entries(options.data).map(([country, days]) => [country.toUpperCase(), days]));

  app.get('/v1/', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    if (query['api_key'] !== options.apiKey) {
      return reply.code(401).send(error('Invalid API key provided.', 'unauthorized'));
    }
    const country = query['country']?.toUpperCase();
    const year = query['year'];
    if (!country) return reply.code(400).send(error('country is a required parameter.', 'validation_error'));
    if (!year) return reply.code(400).send(error('year is a required parameter.', 'validation_error'));
    const month = query['month']?.padStart(2, '0');
    const day = query['day']?.padStart(2, '0');
    const days = (data.get(country) ?? []).filter(
      (d) =>
        d.date.startsWith(`${year}-`) &&
        (!month || d.date.slice(5, 7) === month) &&
        (!day || d.date.slice(8) === day),
    );
    return days.map((d) => toAbstract(d, country));
  });

  const url = await listen(app, options.port);
  return { url: `${url}/v1/`, requests, close: () => app.close() };
}
