import en from './i18n/en.js';
import ko from './i18n/ko.js';

const TEXTS = { en, ko };
const KEY = 'opsbot.console.lang';

/** The remembered choice, else the browser's language: Korean for ko*, English otherwise. */
function initialLang() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'ko' || saved === 'en') return saved;
  } catch {
    // Storage can be off (private mode); the browser's language still decides.
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return String(langs[0] ?? 'en')
    .toLowerCase()
    .startsWith('ko')
    ? 'ko'
    : 'en';
}

let lang = initialLang();

export function currentLang() {
  return lang;
}

/** BCP 47 locale for dates and numbers. */
export function locale() {
  return lang === 'ko' ? 'ko-KR' : 'en-GB';
}

export function setLang(next) {
  lang = next === 'ko' ? 'ko' : 'en';
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // Not remembered then; the switch still works for this page.
  }
  document.documentElement.lang = lang;
}

/** t('common.page', { n: 3 }) → the text in the current language with {n} filled in. */
export function t(key, vars) {
  const text = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The text for a value from the daemon (state, outcome, status), or the value itself. */
export function tv(group, value) {
  const key = `${group}.${value}`;
  return TEXTS[lang][key] ?? TEXTS.en[key] ?? value;
}
