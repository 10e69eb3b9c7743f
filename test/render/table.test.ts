// The one table layout: columns as wide as their widest cell, the last left-aligned column
// never padded, right alignment, a least width per column, tables measured together, the
// dashed rule under a heading and trailing blanks dropped.
import { describe, expect, it } from 'vitest';
import { table, tables } from '../../src/render/table.js';

describe('table', () => {
  it('pads each column to its widest cell, two blanks apart, and leaves the last alone', () => {
    const rows = [
      ['id', 'name', 'state'],
      ['1', 'copy_1', 'ok'],
      ['12', 'c', 'running'],
    ];
    expect(table(rows)).toEqual(['id  name    state', '1   copy_1  ok', '12  c       running']);
  });

  it('right-aligns figures, with the gap asked for', () => {
    const rows = [
      ['Filesystem', 'Used', 'Mounted on'],
      ['/dev/a', '7', '/a'],
      ['/b', '1024', '/b'],
    ];
    expect(table(rows, { align: ['left', 'right'], gap: ' ' })).toEqual(['Filesystem Used Mounted on', '/dev/a        7 /a', '/b         1024 /b']);
  });

  it('keeps a column at least its least width', () => {
    const rows = [
      ['link', 'state'],
      ['a', 'up'],
    ];
    expect(table(rows, { min: [6] })).toEqual(['link    state', 'a       up']);
  });

  it('lines several tables up under each other', () => {
    const src = [
      ['Id', 'Source'],
      ['1', 'pfs10'],
    ];
    const dst = [
      ['Id', 'Source'],
      ['1234567', 'x'],
    ];
    expect(tables([src, dst])).toEqual([
      ['Id       Source', '1        pfs10'],
      ['Id       Source', '1234567  x'],
    ]);
  });

  it('rules the heading off and drops the blanks an empty last cell leaves', () => {
    const rows = [
      ['figure', 'met'],
      ['start-up', ''],
      ['memory', 'yes'],
    ];
    expect(table(rows, { rule: true, trimEnd: true })).toEqual(['figure    met', '--------  ---', 'start-up', 'memory    yes']);
  });

  it('lays out no rows as no lines', () => {
    expect(table([])).toEqual([]);
  });
});
