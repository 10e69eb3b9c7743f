// A session's policy as fs_replicate's `-option` sets it (reference §1.2): delta sets cut at
// the source, and played back at the destination, every `to=`/`dto=` seconds or once `hwm=`/
// `dhwm=` MB have changed, whichever first (FIG. 10, [000110], [000118]); what the source does
// when its save volume fills (`autoro=yes`: read-only, `autofreeze=yes`: frozen, neither:
// the session drops out of sync, [000227]); a bandwidth cap (`qos=`). Defaults 600 s and
// 600 MB as the reference gives them. Options are parsed here into data; a bad one is an
// error naming it, before anything changes.
import { fail } from '../errors.js';
import type { OptionWords } from '../option-words.js';
import type { ReplSettings } from '../types.js';

export const DEFAULT_TIMEOUT_S = 600;
export const DEFAULT_HWM_MB = 600;
/** Largest `to=`/`dto=` (a day) and `hwm=`/`dhwm=` (the largest save volume); 0 turns either trigger off. */
export const MAX_TIMEOUT_S = 86_400;
export const MAX_HWM_MB = 1_048_576;
export const MAX_QOS_KBIT = 400_000_000;

export function defaultSettings(): ReplSettings {
  return { timeoutS: DEFAULT_TIMEOUT_S, hwmMB: DEFAULT_HWM_MB, dTimeoutS: DEFAULT_TIMEOUT_S, dHwmMB: DEFAULT_HWM_MB, policy: 'NoPolicy', qosKbit: 0 };
}

/** What `-option` words may say; `sync`, `now` and `autofullcopy=yes` belong to -failover and -resync. */
export interface ReplOptions {
  settings: Partial<ReplSettings>;
  autofullcopy: boolean;
  sync: boolean;
  now: boolean;
}

export type OptionUse = 'start' | 'modify' | 'failover' | 'resync' | 'refresh';

const USES: Record<string, OptionUse[]> = {
  to: ['start', 'modify', 'resync'],
  dto: ['start', 'modify', 'resync'],
  hwm: ['start', 'modify', 'resync'],
  dhwm: ['start', 'modify', 'resync'],
  autoro: ['start', 'modify', 'resync'],
  autofreeze: ['start', 'modify', 'resync'],
  qos: ['start', 'modify', 'resync'],
  autofullcopy: ['resync'],
  sync: ['failover'],
  now: ['failover'],
};

function number(key: string, value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) fail('repl_option_invalid', { key, value, rule: 'range', max });
  return n;
}

function yesNo(key: string, value: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return fail('repl_option_invalid', { key, value, rule: 'yesno' });
}

/** Reads the `-option` list for a given operation. */
export function parseOptions(opts: OptionWords | undefined, use: OptionUse): ReplOptions {
  const out: ReplOptions = { settings: {}, autofullcopy: false, sync: false, now: false };
  if (opts === undefined) return out;
  const seen = new Set<string>();
  let ro: boolean | undefined;
  let freeze: boolean | undefined;
  for (const { text: word, name: key, value } of opts.items) {
    const uses = USES[key];
    if (word === '' || uses === undefined) fail('repl_option_invalid', { option: word, rule: 'unknown' });
    if (!uses.includes(use)) fail('repl_option_invalid', { option: word, rule: 'here', use });
    if (seen.has(key)) fail('repl_option_invalid', { option: word, rule: 'twice' });
    seen.add(key);
    const flagOnly = key === 'sync' || key === 'now';
    if (flagOnly !== (value === null)) fail('repl_option_invalid', { option: word, rule: flagOnly ? 'flag' : 'value' });
    switch (key) {
      case 'to':
        out.settings.timeoutS = number(key, value!, MAX_TIMEOUT_S);
        break;
      case 'dto':
        out.settings.dTimeoutS = number(key, value!, MAX_TIMEOUT_S);
        break;
      case 'hwm':
        out.settings.hwmMB = number(key, value!, MAX_HWM_MB);
        break;
      case 'dhwm':
        out.settings.dHwmMB = number(key, value!, MAX_HWM_MB);
        break;
      case 'qos':
        out.settings.qosKbit = number(key, value!, MAX_QOS_KBIT);
        break;
      case 'autoro':
        ro = yesNo(key, value!);
        break;
      case 'autofreeze':
        freeze = yesNo(key, value!);
        break;
      case 'autofullcopy':
        out.autofullcopy = yesNo(key, value!);
        break;
      case 'sync':
        out.sync = true;
        break;
      case 'now':
        out.now = true;
        break;
    }
  }
  if (ro === true && freeze === true) fail('repl_option_invalid', { rule: 'both', pair: 'autoro_autofreeze' });
  if (out.sync && out.now) fail('repl_option_invalid', { rule: 'both', pair: 'sync_now' });
  if (ro === true) out.settings.policy = 'ReadOnly';
  else if (freeze === true) out.settings.policy = 'Freeze';
  else if (ro === false || freeze === false) out.settings.policy = 'NoPolicy';
  if (out.settings.timeoutS === 0 && out.settings.hwmMB === 0) fail('repl_option_invalid', { rule: 'never', pair: 'to_hwm' });
  return out;
}

/** Settings changed by `-modify`: the policy given, the rest kept. */
export function applySettings(base: ReplSettings, change: Partial<ReplSettings>): ReplSettings {
  const next = { ...base, ...change };
  if (next.timeoutS === 0 && next.hwmMB === 0) fail('repl_option_invalid', { rule: 'never', pair: 'to_hwm' });
  if (next.dTimeoutS === 0 && next.dHwmMB === 0) fail('repl_option_invalid', { rule: 'never', pair: 'dto_dhwm' });
  return next;
}
