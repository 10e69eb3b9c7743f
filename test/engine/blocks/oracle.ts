// A naive model of a file system with snapshots, for the facility's property tests: dense
// arrays for the present blocks and their validity, and a full copy of both at every
// snapshot. Validity follows the meta bit map's documented rule at a granularity of g blocks
// per bit (a group is valid when a write or a validation touched it; an invalidation clears
// the groups it covers whole, and a partly covered group only when `exact` and none of its
// other blocks is valid), so the model says which blocks each version holds.

export interface OracleSnap {
  id: number;
  /** Operation count when it was taken: writes at or after it and before a younger one's are "between". */
  t: number;
  phys: Float64Array;
  blockValid: Uint8Array;
  groupValid: Uint8Array;
}

export class Oracle {
  phys: Float64Array;
  blockValid: Uint8Array;
  groupValid: Uint8Array;
  snaps: OracleSnap[] = [];
  /** [time, block] of every write (a restore writes only the blocks it changes). */
  writes: [number, number][] = [];
  t = 0;

  constructor(
    readonly base: number,
    readonly span: number,
    readonly shift: number,
  ) {
    this.phys = new Float64Array(span);
    this.blockValid = new Uint8Array(span);
    this.groupValid = new Uint8Array(((base + span) >>> shift) + 2);
  }

  group(b: number): number {
    return b >>> this.shift;
  }

  /** Block b (an address) holds content in a version with these group bits. */
  validIn(groupValid: Uint8Array, b: number): boolean {
    return groupValid[this.group(b)] === 1;
  }

  write(b: number, stamp: number): void {
    const i = b - this.base;
    this.writes.push([this.t, b]);
    this.phys[i] = stamp;
    this.blockValid[i] = 1;
    this.groupValid[this.group(b)] = 1;
  }

  validate(first: number, count: number): void {
    for (let b = first; b < first + count; b++) {
      this.blockValid[b - this.base] = 1;
      this.groupValid[this.group(b)] = 1;
    }
  }

  stillValid = (b: number): boolean => b >= this.base && b < this.base + this.span && this.blockValid[b - this.base] === 1;

  invalidate(first: number, count: number, exact: boolean): void {
    const end = first + count;
    for (let b = first; b < end; b++) this.blockValid[b - this.base] = 0;
    const g = 2 ** this.shift;
    for (let gr = this.group(first); gr <= this.group(end - 1); gr++) {
      const lo = gr * g;
      const hi = lo + g;
      if (lo >= first && hi <= end) this.groupValid[gr] = 0;
      else if (exact) {
        let any = false;
        for (let b = lo; b < hi; b++) if (this.stillValid(b)) any = true;
        if (!any) this.groupValid[gr] = 0;
      }
    }
  }

  snapshot(id: number): OracleSnap {
    const s = { id, t: this.t, phys: this.phys.slice(), blockValid: this.blockValid.slice(), groupValid: this.groupValid.slice() };
    this.snaps.push(s);
    return s;
  }

  remove(id: number): void {
    this.snaps = this.snaps.filter((s) => s.id !== id);
  }

  restore(s: OracleSnap): void {
    for (let i = 0; i < this.span; i++) {
      const b = this.base + i;
      if (this.validIn(s.groupValid, b) && this.phys[i] !== s.phys[i]) {
        this.writes.push([this.t, b]);
        this.phys[i] = s.phys[i];
      }
    }
    this.blockValid = s.blockValid.slice();
    this.groupValid = s.groupValid.slice();
  }

  /** Blocks written at times in [from.t, to.t): what the plain scan of an ungated facility would send. */
  writtenBetween(from: OracleSnap, to: OracleSnap): Set<number> {
    const out = new Set<number>();
    for (const [t, b] of this.writes) if (t >= from.t && t < to.t) out.add(b);
    return out;
  }

  /** The written blocks of a version's contents, as digest input. */
  contents(phys: Float64Array, groupValid: Uint8Array): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.span; i++) if (phys[i] > 0 && this.validIn(groupValid, this.base + i)) out.push([this.base + i, phys[i]]);
    return out;
  }
}
