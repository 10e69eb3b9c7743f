// Restoring a file system from one of its snapshots (fs_ckpt -Restore; [000214], [000219]):
// the contents return to the snapshot's point in time and the meta bit map is replaced with
// the snapshot's.
//
// Choice, after the real fs_ckpt -Restore, which first checkpoints the file system so that
// the restore can itself be undone: `safety` takes that new snapshot at the tail before any
// block moves. The restore is then ordinary writes through the facility, so every snapshot,
// older or younger than the one restored, keeps its own point in time (younger ones are not
// discarded), and the before images go to the tail as for any write.
//
// Which blocks to write: a block valid in snapshot N that was written after N left a bit in
// some bit map from N to the tail (FIG. 41 walks from the tail toward the head and stops at
// the first entry that has the bit, or has the block valid and saves it at the tail; N has
// it valid, so the walk never passes N; deleteSnapshot moves such bits to older entries no
// older than N, since N reads them). So the candidates are the union of those bit maps, and
// the cost follows the blocks changed since N, not the file system's size.
import { copyBitmap, forEachSetBit, orInto } from './bitmap.js';
import { copyMetaBitmap, mayBeValid } from './meta-bitmap.js';
import { checkNewSnapshot, createSnapshot, readAt, requirePosition, type NewSnapshot, type SnapshotEntry } from './snapshots.js';
import { readBlock, replaceMeta, writeBlock, type Volume } from './volume.js';

export interface Restored {
  /** Blocks written back. */
  written: number;
  /** Before images the restore's writes saved. */
  saved: number;
  /** The snapshot of the state before the restore, when one was asked for. */
  safety: SnapshotEntry | null;
}

export function restoreSnapshot(vol: Volume, id: number, safety?: NewSnapshot): Restored {
  requirePosition(vol, id);
  if (safety) checkNewSnapshot(vol, safety);
  const safetyEntry = safety ? createSnapshot(vol, safety) : null;
  const q = vol.snapshots;
  const pos = requirePosition(vol, id);
  const target = q[pos];
  const candidates = copyBitmap(target.bitmap);
  for (let i = pos + 1; i < q.length; i++) orInto(candidates, q[i].bitmap);
  let written = 0;
  let saved = 0;
  // The union is a copy: the writes below add to the tail's bit map, not to it.
  forEachSetBit(candidates, (b) => {
    if (!mayBeValid(target.metaBitmap, b)) return;
    const then = readAt(vol, pos, b);
    if (then === readBlock(vol, b)) return;
    if (writeBlock(vol, b, then)) saved++;
    written++;
  });
  replaceMeta(vol, copyMetaBitmap(target.metaBitmap));
  return { written, saved, safety: safetyEntry };
}
