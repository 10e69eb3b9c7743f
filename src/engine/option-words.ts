// An option list as the engine reads it: the words between the commas of a `-option` value,
// split once by the shell's grammar (src/shell/grammar.ts parseList, whose OptionList has
// this shape), so no engine function splits command-line text itself.

/** One item: as typed, what comes before its first `=`, and what after (null without `=`). */
export interface OptionWord {
  text: string;
  name: string;
  value: string | null;
}

export interface OptionWords {
  /** The whole list, for a message about the list as a whole. */
  text: string;
  items: readonly OptionWord[];
}
