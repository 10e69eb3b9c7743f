// Virtual times as the Control Station prints them, always in GMT (the lab's clock zone).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

/** `Thu Jan 10 14:32:05 GMT 2013`, like date(1). */
export function ctime(ms: number, zone = 'GMT'): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone} ${d.getUTCFullYear()}`;
}

/** `2013-01-10 14:32:05` */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `01/09/2013-19:45:01-PST`: creation and update times in the checkpoint and distribution lists. */
export function listTime(ms: number, zone: string): string {
  const d = new Date(ms);
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}-${zone}`;
}

/** `25 days 4 hours 10 min 30 secs` */
export function uptime(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const min = Math.floor(s / 60);
  s -= min * 60;
  return `${days} days ${hours} hours ${min} min ${s} secs`;
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Parses `90s`, `10m`, `1h30m`, `2d`, `500ms` or plain seconds; null when malformed. */
export function parseDuration(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNITS.find(([u]) => u === m![2])![1];
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? Math.round(total) : null;
}

/** `1h 30m 5s`, the shortest exact form of a duration. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let left = ms;
  for (const [u, size] of UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${u}`);
    left -= n * size;
  }
  return parts.join(' ');
}
