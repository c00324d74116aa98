import { describe, expect, it } from 'vitest';
import { dayUrl, siteRecipe } from './recipe.ts';

const GOOD = {
  login: {
    url: 'https://hr.example.com/login',
    memberId: '#memberID',
    userId: '#userID',
    password: '#password',
    submit: '.loginSubmit input',
    failure: '.error',
  },
  day: {
    url: 'https://hr.example.com/{memberId}/tcard?date={yyyymmdd}&d={date}&m={yyyymm}&u={userId}',
    start: '.start-time',
    end: '.end-time',
    submit: '.save',
    done: '.saved',
    filled: '.start-time[value]:not([value=""])',
  },
};

const issues = (input: unknown) => {
  const r = siteRecipe.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('site recipe', () => {
  it('accepts a full recipe and one without the optional fields, and builds encoded day URLs', () => {
    const recipe = siteRecipe.parse(GOOD);
    expect(dayUrl(recipe, '2026-11-03', { memberId: 'M 1/x', userId: 'mina&co' })).toBe(
      'https://hr.example.com/M%201%2Fx/tcard?date=20261103&d=2026-11-03&m=202611&u=mina%26co',
    );
    const { memberId, userId, failure, ...login } = GOOD.login;
    const { filled, ...day } = GOOD.day;
    expect(issues({ login, day })).toEqual([]);
  });

  it('refuses a URL that is not http(s), or not a URL', () => {
    expect(issues({ ...GOOD, login: { ...GOOD.login, url: 'ftp://hr.example.com/login' } })).toEqual([
      'login.url: the URL must start with http:// or https://, not ftp://',
    ]);
    expect(issues({ ...GOOD, login: { ...GOOD.login, url: 'hr.example.com/login' } })).toEqual([
      'login.url: "hr.example.com/login" is not a URL',
    ]);
  });

  it('names an unknown placeholder', () => {
    const [issue] = issues({
      ...GOOD,
      day: { ...GOOD.day, url: 'https://hr.example.com/{member}/tcard?d={date}' },
    });
    expect(issue).toMatch(/^day\.url: unknown placeholder \{member\} \(known: \{date\}/);
  });

  it('refuses empty selectors and unknown keys', () => {
    expect(issues({ ...GOOD, day: { ...GOOD.day, done: ' ' } })).toEqual([
      'day.done: the element shown once the day is saved: a CSS selector, not empty',
    ]);
    expect(issues({ ...GOOD, day: { ...GOOD.day, saved: '.x' } })[0]).toMatch(/saved/);
  });
});
