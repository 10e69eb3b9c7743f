// The source's policy when its save volume cannot take the next delta set ([000227],
// source_policy of fs_replicate -info): ReadOnly remounts it read-only, Freeze stops all
// access, until the send thread has made room; NoPolicy lets the session fall out of sync.
import { findCell, fsById } from '../cluster.js';
import type { ReplSession, World } from '../types.js';
import { setMountsRo } from './sessions.js';

export function holdSource(world: World, s: ReplSession): void {
  const cell = findCell(world, s.src.cel);
  const fs = fsById(cell, s.src.fsId);
  if (fs === undefined || s.settings.policy === 'NoPolicy') return;
  if (s.settings.policy === 'ReadOnly') {
    setMountsRo(cell, fs.id, true);
  } else {
    fs.frozen = true;
  }
  s.held = s.settings.policy;
}

export function releaseSource(world: World, s: ReplSession): void {
  if (s.held === null) return;
  const cell = findCell(world, s.src.cel);
  const fs = fsById(cell, s.src.fsId);
  if (fs !== undefined) {
    if (s.held === 'ReadOnly') setMountsRo(cell, fs.id, false);
    else delete fs.frozen;
  }
  s.held = null;
}
