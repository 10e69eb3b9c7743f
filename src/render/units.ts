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
