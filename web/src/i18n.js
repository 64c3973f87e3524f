import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.js';
import enMsgs from './locales/en.js';
import { configure } from './api.js';
import { fmtDate, fmtTime } from './fmt.js';

const saved = globalThis.localStorage?.getItem('msup.lang');
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en: enMsgs },
});
configure({ lang: i18n.global.locale.value });

export function setLocale(l) {
  i18n.global.locale.value = l;
  localStorage.setItem('msup.lang', l);
  document.documentElement.lang = l;
  configure({ lang: l });
}

export const d = (s) => fmtDate(s, i18n.global.locale.value);
export const dt = (s) => fmtTime(s, i18n.global.locale.value);
/** An enum value through i18n (group.value), the raw value when unknown. */
export function en(group, v) {
  if (v === null || v === undefined || v === '') return '—';
  const k = `enum.${group}.${v}`;
  return i18n.global.te(k) ? i18n.global.t(k) : String(v);
}
