/**
 * A stand-in for data.go.kr's SpcdeInfoService `getRestDeInfo`, quirks included: `items.item` is an
 * object for one item and an array otherwise, an empty month is `items: ""`, XML unless `_type=json`,
 * and errors arrive as HTTP 200 with a resultCode (30 for a key that is not registered).
 */
import Fastify, { type FastifyReply } from 'fastify';
import { type HolidayEmulator, listen, recordRequests } from './listen.ts';

export interface DataGoKrDay {
  /** YYYY-MM-DD */
  date: string;
  name: string;
  /** Default 'Y'. */
  isHoliday?: 'Y' | 'N';
}

export interface DataGoKrEmulatorOptions {
  serviceKey: string;
  data: DataGoKrDay[];
  port?: number;
}

export const SERVICE_PATH = '/B090041/openapi/service/SpcdeInfoService';

interface Item {
  dateKind: string;
  dateName: string;
  isHoliday: string;
  locdate: number;
  seq: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function toXml(
  resultCode: string,
  resultMsg: string,
  items: Item[],
  paging?: Record<string, number>,
): string {
  const header = `<header><resultCode>${resultCode}</resultCode><resultMsg>${escapeXml(resultMsg)}</resultMsg></header>`;
  if (!paging) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response>${header}</response>`;
  const itemXml = items
    .map(
      (item) =>
        `<item><dateKind>${item.dateKind}</dateKind><dateName>${escapeXml(item.dateName)}</dateName>` +
        `<isHoliday>${item.isHoliday}</isHoliday><locdate>${item.locdate}</locdate><seq>${item.seq}</seq></item>`,
    )
    .join('');
  const counts = Object.entries(paging)
    .map(([key, value]) => `<${key}>${value}</${key}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response>${header}<body><items>${itemXml}</items>${counts}</body></response>`;
}

function send(
  reply: FastifyReply,
  json: boolean,
  resultCode: string,
  resultMsg: string,
  items?: Item[],
  paging?: Record<string, number>,
) {
  if (!json)
    return reply
      .type('application/xml;charset=UTF-8')
      .send(toXml(resultCode, resultMsg, items ?? [], paging));
  const header = { resultCode, resultMsg };
  if (!items || !paging) return reply.send({ response: { header } });
  // The quirk clients must survive: one item is not wrapped in an array, none is an empty string.
  const wrapped = items.length === 0 ? '' : { item: items.length === 1 ? items[0] : items };
  return reply.send({ response: { header, body: { items: wrapped, ...paging } } });
}

export async function startDataGoKrEmulator(options: DataGoKrEmulatorOptions): Promise<HolidayEmulator> {
  const app = Fastify({ logger: false });
  const requests: HolidayEmulator['requests'] = [];
  recordRequests(app, requests);

  app.get(`${SERVICE_PATH}/getRestDeInfo`, async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    const json = query['_type'] === 'json';
    if (query['serviceKey'] !== options.serviceKey) {
      return send(reply, json, '30', 'SERVICE KEY IS NOT REGISTERED ERROR.');
    }
    const year = query['solYear'];
    if (!year || !/^\d{4}$/.test(year)) return send(reply, json, '10', 'INVALID REQUEST PARAMETER ERROR.');
    const month = query['solMonth'];
    const prefix = month ? `${year}-${month.padStart(2, '0')}-` : `${year}-`;
    const numOfRows = Number(query['numOfRows'] ?? 10) || 10;
    const pageNo = Number(query['pageNo'] ?? 1) || 1;
    const all = options.data
      .filter((day) => day.date.startsWith(prefix))
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((day, index) => ({
        dateKind: '01',
        dateName: day.name,
        isHoliday: day.isHoliday ?? 'Y',
        locdate: Number(day.date.replaceAll('-', '')),
        seq: index + 1,
      }));
    const page = all.slice((pageNo - 1) * numOfRows, pageNo * numOfRows);
    return send(reply, json, '00', 'NORMAL SERVICE.', page, { numOfRows, pageNo, totalCount: all.length });
  });

  const url = await listen(app, options.port);
  return { url: `${url}${SERVICE_PATH}`, requests, close: () => app.close() };
}
