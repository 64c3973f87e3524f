// fmt.js - dates and numbers as people read them: 2021年3月1日 in zh-CN,
// 2021-03-01 in en. Dates from the API are YYYY-MM-DD, times RFC 3339 UTC.

export function fmtDate(s, locale = 'zh-CN') {
  if (!s) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return String(s);
  if (locale === 'zh-CN') return `${+m[1]}年${+m[2]}月${+m[3]}日`;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function fmtTime(s, locale = 'zh-CN') {
  if (!s) return '—';
  const d = new Date(s);
  if (isNaN(d)) return String(s);
  const p = (n) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (locale === 'zh-CN') return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${hm}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
}

export function fmtBytes(n) {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}
