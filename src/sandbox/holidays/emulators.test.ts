import { afterEach, describe, expect, it } from 'vitest';
import { startAbstractEmulator, startDataGoKrEmulator } from './index.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('Abstract emulator', () => {
  it('serves all-string MM/DD/YYYY items and rejects bad requests', async () => {
    const emu = await startAbstractEmulator({
      apiKey: 'k1',
      data: { KR: [{ date: '2026-05-05', name: "Children's Day", nameLocal: '어린이날' }] },
    });
    closers.push(emu.close);
    const ok = await get(`${emu.url}?api_key=k1&country=kr&year=2026`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual([
      {
        name: "Children's Day",
        name_local: '어린이날',
        language: '',
        description: '',
        country: 'KR',
        location: 'KR',
        type: 'National',
        date: '05/05/2026',
        date_year: '2026',
        date_month: '05',
        date_day: '05',
        week_day: 'Tuesday',
      },
    ]);
    expect(JSON.parse((await get(`${emu.url}?api_key=k1&country=KR&year=2026&month=1`)).text)).toEqual([]);
    expect((await get(`${emu.url}?api_key=nope&country=KR&year=2026`)).status).toBe(401);
    expect((await get(`${emu.url}?api_key=k1&year=2026`)).status).toBe(400);
    expect((await get(`${emu.url}?api_key=k1&country=KR`)).status).toBe(400);
  });
});

describe('data.go.kr emulator', () => {
  const data = [
    { date: '2026-01-01', name: '1월1일' },
    { date: '2026-05-01', name: '노동절' },
    { date: '2026-05-05', name: '어린이날' },
  ];

  it('wraps one item as an object, several as an array, none as ""', async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: 'a+b/c=', data });
    closers.push(emu.close);
    const ask = async (month: string) =>
      JSON.parse(
        (
          await get(
            `${emu.url}/getRestDeInfo?serviceKey=a%2Bb%2Fc%3D&solYear=2026&solMonth=${month}&_type=json`,
          )
        ).text,
      ).response;
    const jan = await ask('01');
    expect(jan.header).toEqual({ resultCode: '00', resultMsg: 'NORMAL SERVICE.' });
    expect(jan.body.items.item).toEqual({
      dateKind: '01',
      dateName: '1월1일',
      isHoliday: 'Y',
      locdate: 20260101,
      seq: 1,
    });
    expect((await ask('05')).body.items.item).toHaveLength(2);
    expect((await ask('03')).body).toEqual({ items: '', numOfRows: 10, pageNo: 1, totalCount: 0 });
  });

  it('answers XML without _type and resultCode 30 in a 200 for a bad key', async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: 'good', data });
    closers.push(emu.close);
    const xml = await get(`${emu.url}/getRestDeInfo?serviceKey=good&solYear=2026&solMonth=05`);
    expect(xml.type).toContain('xml');
    expect(xml.text).toContain(
      '<dateName>노동절</dateName><isHoliday>Y</isHoliday><locdate>20260501</locdate>',
    );
    const bad = await get(`${emu.url}/getRestDeInfo?serviceKey=bad&solYear=2026&solMonth=05&_type=json`);
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.text)).toEqual({
      response: { header: { resultCode: '30', resultMsg: 'SERVICE KEY IS NOT REGISTERED ERROR.' } },
    });
    expect(emu.requests.map((r) => r.query['solMonth'])).toEqual(['05', '05']);
  });
});
