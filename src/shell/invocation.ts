// How a command word is found in a segment, as scripts send it: after `env` and
// NAME=value assignments, with or without the /nas/bin/ (or /nas/sbin/) prefix.

export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
export const NAS_BIN = /^\/nas\/s?bin\//;

export interface Invocation {
  /** Index of the command word in `words`; words.length when there is none. */
  at: number;
  /** The assignments before it. */
  env: Record<string, string>;
  /** The words began with `env`. */
  viaEnv: boolean;
}

export function findInvocation(words: readonly string[]): Invocation {
  const env: Record<string, string> = {};
  const viaEnv = words[0] === 'env' && words.length > 1;
  let at = viaEnv ? 1 : 0;
  while (at < words.length && ASSIGNMENT.test(words[at]!)) {
    const w = words[at]!;
    env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    at++;
  }
  return { at, env, viaEnv };
}

/** `/nas/bin/nas_fs` -> `nas_fs`. */
export function commandName(word: string): string {
  return word.replace(NAS_BIN, '');
}
