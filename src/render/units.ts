// Sizes as administrators type them (`10G`, `512M`, `1T`, `100`), in MB, and back.

const FACTOR: Record<string, number> = { '': 1, M: 1, MB: 1, G: 1024, GB: 1024, T: 1024 * 1024, TB: 1024 * 1024 };

/** MB for `<n>[M|G|T][B]`; null when malformed or not a whole number of MB. */
export function parseSizeMB(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([MGT]B?)?$/i.exec(text);
  if (!m) return null;
  const mb = Number(m[1]) * FACTOR[(m[2] ?? '').toUpperCase()]!;
  return Number.isSafeInteger(mb) && mb > 0 ? mb : null;
}

/** A size as an administrator would type it back: the largest unit that divides it. */
export function formatSizeMB(mb: number): string {
  if (mb % (1024 * 1024) === 0) return `${mb / (1024 * 1024)}T`;
  if (mb % 1024 === 0) return `${mb / 1024}G`;
  return `${mb}M`;
}

const BYTE_FACTOR: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * Bytes for `<n>[K|M|G|T][B]` as a host tool takes them (binary units, as dd and truncate
 * read K, M, G), `100` being plain bytes; null when malformed or not a whole number of bytes.
 */
export function parseSizeBytes(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(?:([KMGT])B?)?$/i.exec(text);
  if (!m) return null;
  const bytes = Number(m[1]) * BYTE_FACTOR[(m[2] ?? '').toUpperCase()]!;
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** Bytes as a host tool types them back: the largest binary unit that divides them, else bytes. */
export function formatBytes(bytes: number): string {
  for (const u of ['T', 'G', 'M', 'K'] as const) {
    const f = BYTE_FACTOR[u]!;
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${u}`;
  }
  return String(bytes);
}

/** `df -h`: at most three digits, one decimal under 10, rounded up; K, M, G, T of 1024. */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let unit = 0;
  let n = bytes;
  const units = ['K', 'M', 'G', 'T', 'P'];
  while (n >= 1024 && unit < units.length) {
    n /= 1024;
    unit++;
  }
  if (n < 10) {
    const r = Math.ceil(n * 10) / 10;
    if (r < 10) return `${r.toFixed(1)}${units[unit - 1]}`;
    n = r;
  }
  const c = Math.ceil(n);
  if (c >= 1024 && unit < units.length) return `1.0${units[unit]}`;
  return `${c}${units[unit - 1]}`;
}
