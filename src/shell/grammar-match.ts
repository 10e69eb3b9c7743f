// A match typed by the forms it matched: the node constructors of grammar.ts keep their
// literal names in their types, and these types read a form's nodes back into the flags and
// values its match can hold, so a command's parse reading a misspelled name does not compile.
import type { AltNode, AnyNode, At, AtNode, FlagNode, Form, KeyNode, KvNode, ListNode, Match, Node, OptionList, OptNode, SeqNode, ValNode } from './grammar.js';

/** Where a node leaves something in a match, and whether the form may go without it. */
interface Slot {
  bag: 'flags' | 'values';
  k: string;
  v: unknown;
  o: boolean;
}

/**
 * The slots of a node. A node typed only as Node (a helper that lost its literal names) or
 * named by a plain string leaves none: its names are unknown, so reading them does not compile.
 */
type Slots<N, O extends boolean> =
  N extends FlagNode<infer F>
    ? Named<F, { bag: 'flags'; k: F; v: true; o: O }>
    : N extends KeyNode<infer W>
      ? Named<W, { bag: 'flags'; k: W; v: true; o: O }>
      : N extends ValNode<infer V>
        ? Named<V, { bag: 'values'; k: V; v: string; o: O }>
        : N extends KvNode<infer K>
          ? Named<K, { bag: 'values'; k: K; v: string; o: O }>
          : N extends AtNode<infer S>
            ? Named<S, { bag: 'values'; k: S; v: At; o: O }>
            : N extends ListNode<infer L, infer K>
              ? Named<L, { bag: 'values'; k: L; v: OptionList<K>; o: O }>
              : N extends SeqNode<infer I> | AnyNode<infer I>
                ? Inner<I, O>
                : N extends OptNode<infer I>
                  ? Node extends I
                    ? never
                    : Slots<I, true>
                  : N extends AltNode<infer I>
                    ? Inner<I, true>
                    : never;

type Named<K extends string, S> = string extends K ? never : S;
type Inner<I extends readonly Node[], O extends boolean> = readonly Node[] extends I ? never : Slots<I[number], O>;

type Flat<T> = { [P in keyof T]: T[P] } & {};

type Bag<S extends Slot, B extends Slot['bag']> = Flat<
  { [P in S as P extends { bag: B; o: false } ? P['k'] : never]: P['v'] } & {
    [P in S as P extends { bag: B; o: true } ? P['k'] : never]?: P['v'];
  }
>;

type MatchOfForm<F> =
  F extends Form<infer Id, infer N> ? { form: Id; flags: Bag<Slots<N[number], false>, 'flags'>; values: Bag<Slots<N[number], false>, 'values'>; rest: string[] } : never;

/**
 * The match of one of these forms, discriminated by `form`: the flags and values that form's
 * nodes can leave, optional where they sit under opt or alt.
 */
export type MatchOf<Fs extends readonly Form[]> = readonly Form[] extends Fs ? Match : MatchOfForm<Fs[number]>;

/** The match of the form `Id` among these (for a parse helper that reads one form). */
export type FormMatch<Fs extends readonly Form[], Id extends MatchOf<Fs>['form']> = Extract<MatchOf<Fs>, { form: Id }>;
