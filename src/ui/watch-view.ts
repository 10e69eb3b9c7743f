// The `watch` screen, pure: procps watch's header (the interval and command at the left, the
// Control Station and the virtual time at the right, clipped by its rules), the command's
// output under a blank line with each line cut to the width (never wrapped, so the frame keeps
// its shape), and the whole kept shorter than the terminal (ink clears the screen and the
// scrollback once a frame is as tall as the terminal). Also when the command is due again and
// which keys leave.
import type { WatchRequest } from '../shell/command.js';
import type { EditKey } from '../shell/line-editor.js';
import { everyText } from '../shell/builtins/watch.js';
import { ctime } from '../render/time.js';
import { cutToWidth, padEndWidth, padStartWidth, textWidth } from './width.js';

export interface WatchState {
  req: WatchRequest;
  /** The last run's output. */
  output: string;
  /** Virtual ms of the last run. */
  ranAt: number;
}

/**
 * The header line at `width`: `Every 2.0s: <command>`, then `<host>: <time>` at the right
 * edge. As procps: too narrow for the time, nothing; for the time only, the time; then the
 * interval; then as much of the command as fits, cut with `...`.
 */
export function watchHeader(req: WatchRequest, host: string, now: number, width: number): string {
  const head = `${everyText(req.intervalMs)} `;
  const ts = `${host}: ${ctime(now)}`;
  const tsWidth = textWidth(ts);
  const headWidth = textWidth(head);
  if (width < tsWidth) return '';
  if (width < tsWidth + headWidth + 1) return padStartWidth(ts, width);
  const room = width - tsWidth - headWidth - 1;
  let left = head;
  if (room >= textWidth(req.line)) left += req.line;
  else if (room >= 4) left += `${cutToWidth(req.line, room - 3)}...`;
  else left += '...'.slice(0, room);
  return `${padEndWidth(left, width - tsWidth)}${ts}`;
}

/** The frame: header and a blank line (unless -t), then the output, cut to `width` and to fewer than `rows` lines. */
export function watchFrame(w: WatchState, host: string, width: number, rows: number): string {
  const cols = Math.max(1, width);
  const head = w.req.title ? [watchHeader(w.req, host, w.ranAt, cols), ''] : [];
  const body = w.output
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => cutToWidth(l.replace(/\t/g, '        '), cols));
  const room = Math.max(1, rows - 1 - head.length);
  return [...head, ...body.slice(0, room)].join('\n');
}

/** Due again once `intervalMs` of virtual time has passed since the last run. */
export function watchDue(w: WatchState, now: number): boolean {
  return now >= w.ranAt + w.req.intervalMs;
}

/** `q` (or `Q`) and Ctrl+C leave the watch; every other key is ignored, as procps watch ignores them. */
export function leavesWatch(key: EditKey): boolean {
  if (key.t === 'ctrl') return key.key === 'c';
  return key.t === 'text' && /[qQ]/.test(key.text);
}
