// fs_replicate refusals in words: the engine names operations, states and reasons as values
// (src/engine/errors.ts); the error table and the data mover log word them here.
import type { ConvergeBlock, ErrorData, ReplOp, ResyncFullWhy } from '../engine/errors.js';

const OP_WORD: Record<ReplOp, string> = {
  resync: '-resync',
  restart: '-restart',
  failover: '-failover',
  failover_sync: '-failover -sync',
  failback: '-failback',
  modify: '-modify',
  refresh: '-refresh',
};

/** An operation as the command line spells it. */
export function replOpWord(op: ReplOp): string {
  return OP_WORD[op];
}

const STATE_WORD: Record<ErrorData<'repl_state'>['state'], string> = {
  copying: 'copying',
  active: 'active',
  inactive: 'inactive',
  failed_over: 'failed over',
  source: 'running from it',
};

/** The session's state; -failback has always shown it as the session holds it. */
export function stateWord(d: ErrorData<'repl_state'>): string {
  return d.op === 'failback' ? d.state : STATE_WORD[d.state];
}

const WANT_WORD: Record<ErrorData<'repl_state'>['want'], string> = {
  active: 'active',
  failed_over: 'failed over',
  failed_over_here: 'failed over to it',
  out_of_sync: 'inactive (out of sync)',
  replicating: 'replicating (resync it first)',
};

export function wantWord(want: ErrorData<'repl_state'>['want']): string {
  return WANT_WORD[want];
}

const RESYNC_FULL: Readonly<Record<string, string>> = {
  restart_ckpt_deleted: 'the restart point checkpoint was deleted',
  savvol_lost: 'the save volume was lost',
  overwritten: 'overwritten',
} satisfies Record<ResyncFullWhy, string>;

/** Why an incremental resync is impossible; a lab logged before these were values holds the words. */
export function resyncFullText(why: string): string {
  return RESYNC_FULL[why] ?? why;
}

export function convergeText(b: ConvergeBlock): string {
  if (b.why === 'mover_down') return `the data mover of ${b.fs} at ${b.cel} is down`;
  if (b.why === 'link_down') return `the link between ${b.src} and ${b.dst} is down`;
  return 'it did not converge within a day';
}

const PAIR: Record<'autoro_autofreeze' | 'sync_now' | 'to_hwm' | 'dto_dhwm', string> = {
  autoro_autofreeze: 'autoro=yes,autofreeze=yes',
  sync_now: 'sync,now',
  to_hwm: 'to=0,hwm=0',
  dto_dhwm: 'dto=0,dhwm=0',
};

/** An -option word; one reading savsize= is shown bare, as savsize= itself is (a word of its own on the line). */
const optionWord = (option: string) => (option.startsWith('savsize=') ? option : `-option ${option}`);

/** The refused option and the rule it breaks; the smallest save volume is 1 MB. */
export function replOptionText(d: ErrorData<'repl_option_invalid'>): string {
  switch (d.rule) {
    case 'savsize':
      return `savsize=${d.value}. The value is a whole number from 1 to ${d.max}.`;
    case 'range':
      return `-option ${d.key}=${d.value}. The value is a whole number from 0 to ${d.max}.`;
    case 'yesno':
      return `-option ${d.key}=${d.value}. The value is yes or no.`;
    case 'here':
      return `${optionWord(d.option)}. It does not apply to -${d.use}.`;
    case 'twice':
      return `${optionWord(d.option)}. It is given twice.`;
    case 'flag':
      return `${optionWord(d.option)}. It takes no value.`;
    case 'value':
      return `${optionWord(d.option)}. It needs a value.`;
    case 'both':
      return `-option ${PAIR[d.pair]}. They exclude each other.`;
    case 'never':
      return `-option ${PAIR[d.pair]}. A delta set would never be cut or played back.`;
    case 'unknown':
      return `${optionWord(d.option)}. Valid options: to=, dto=, hwm=, dhwm=, autoro=, autofreeze=, qos=, autofullcopy=, sync, now.`;
  }
}
