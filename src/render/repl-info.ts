// fs_replicate sessions in words (commands/fs_replicate.ts): the -info block with its four
// sections (source, destination, communication, and with -verbose the delta set history,
// reference §1.3 and the seed's [000189]), the -list tables (§1.4), the -status figures
// ([000188]) and the report of a failover. The reference marks these layouts INFERRED beyond
// the field names of R83; times are GMT, blocks 8 KB. Also the wording of why a session
// fell out of sync, which the data mover log shares (log-messages.ts).
import type { ReplReport } from '../engine/replication/index.js';
import type { FailoverRecord, ReplCopyKind } from '../engine/types.js';
import { failureText } from './copy-progress.js';
import { tables } from './table.js';
import { keyValues, pad, padLeft } from './text.js';
import { ctime } from './time.js';

/** Keys are padded to the longest, `current_number_of_blocks`, and one blank. */
const KEY_WIDTH = 25;

const two = (n: number) => String(n).padStart(2, '0');

/** `11/26 20:11:56`: the tables' times, GMT. */
export function tableTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `1,088`: block counts in prose. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `15-16`, `3, 5-7`: delta set numbers in ascending order as ranges. */
export function setRanges(sets: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sets.length; ) {
    let j = i;
    while (j + 1 < sets.length && sets[j + 1] === sets[j]! + 1) j++;
    parts.push(i === j ? String(sets[i]) : `${sets[i]}-${sets[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** Why a session fell out of sync (ReplSession.reason). */
export function reasonText(reason: string | null, src: string, dst: string): string {
  if (reason === null) return 'out of sync';
  if (reason === 'savvol_full') return 'the source save volume filled up';
  if (reason === 'savvol_lost') return 'the source save volume was lost';
  if (reason.startsWith('copy_')) {
    const what = reason.slice('copy_'.length);
    if (what === 'aborted') return 'its copy was aborted';
    return `its copy failed: ${failureText(what as Parameters<typeof failureText>[0], src, dst)}`;
  }
  return reason;
}

/** The source's delta set task as R83 names its states. */
function replicatorState(r: ReplReport): string {
  switch (r.state) {
    case 'copying':
    case 'active':
      return 'active';
    case 'inactive':
      return `inactive (${reasonText(r.reason, r.src.name, r.dst.name)})`;
    case 'failed_over':
      return r.failover?.keepSource === true ? 'active (-restartpoint)' : 'stopped';
  }
}

const flow = (on: boolean) => (on ? 'active' : 'inactive');
const kbytes = (kb: number) => `${kb} KBytes`;
const kbits = (k: number) => `~ ${k} Kbits/second`;

function copyKind(kind: ReplCopyKind): string {
  switch (kind) {
    case 'initial':
      return 'initial copy';
    case 'resync':
      return 'resync, incremental';
    case 'resync_full':
      return 'resync, full copy (first pass)';
    case 'resync_diff':
      return 'resync, full copy (second pass, differential)';
  }
}

/** The failover a session records, as -info shows it; `restartName` is null once the checkpoint is gone. */
function failoverRows(f: FailoverRecord, restartName: string | null, src: string): [string, string | number][] {
  return [
    ['failover_time', ctime(f.at)],
    ['failover_mode', f.mode === 'default' ? 'default (played back what had arrived)' : f.mode === 'now' ? 'now (no playback)' : 'sync'],
    ['restart_point', `${restartName ?? '(deleted)'} (delta set ${f.restartDelta})`],
    [
      'source_reached',
      f.sourceReached ? `yes (${src} made read-only${f.keepSource ? ', its delta set task left running' : ''})` : `no (${src} is made read-only when its site comes back)`,
    ],
    ['delta_sets_lost', f.lostSets.length === 0 ? 'none' : setRanges(f.lostSets)],
    ['blocks_lost', f.lostBlocks.length],
  ];
}

export interface InfoExtras {
  /** Name of the failover's restart point checkpoint (null when deleted). */
  restartName: string | null;
  /** -verbose: how many history rows, newest first; null without -verbose. */
  verbose: number | null;
}

function outstandingLines(r: ReplReport): string[] {
  return [
    'outstanding delta sets:',
    'Delta Source_create_time Blocks  Location',
    ...r.outstanding.map((o) => pad(padLeft(o.n, 3), 6) + pad(tableTime(o.createdAt), 19) + pad(o.blocks, 8) + o.where),
  ];
}

function historyLines(r: ReplReport, rows: number): string[] {
  return [
    '     |Source                     |Destination',
    'Delta|Create Time     Dur  Blocks|Playback Time   Dur  Blocks  DSinGroup',
    '-----|--------------  ---  ------|--------------  ---  ------  ---------',
    ...r.history.slice(0, rows).map((h) => {
      const src = pad(padLeft(h.n, 3), 6) + pad(tableTime(h.createdAt), 16) + pad(h.cutSecs, 5) + pad(h.blocks, 7);
      if (h.playedAt === null) return src.trimEnd();
      // A delta set played back as part of a group shows the group on its last set's row, as the seed's table does.
      return (src + pad(tableTime(h.playedAt), 16) + pad(h.playSecs ?? 0, 5) + pad(h.blocks, 8) + (h.group ?? '')).trimEnd();
    }),
  ];
}

/** fs_replicate -info (and the reply of -start, -failover, -resync, -failback). */
export function replInfoBlock(r: ReplReport, extras: InfoExtras): string[] {
  const source = keyValues(
    [
      ['id', r.src.id],
      ['name', r.src.name],
      ['fs_state', r.src.fsState],
      ['type', 'replication'],
      ['replicator_state', replicatorState(r)],
      ['source_policy', r.policy],
      ['high_water_mark', r.hwmMB],
      ['time_out', r.timeoutS],
      ['current_delta_set', r.currentDelta],
      ['current_number_of_blocks', r.currentBlocks],
      ['flow_control', flow(r.flowSrc)],
      ['total_savevol_space', kbytes(r.savKB)],
      ['savevol_space_available', `${kbytes(r.srcAvailKB)} (Before Flow Control)`],
    ],
    KEY_WIDTH,
  );
  const destination = keyValues(
    [
      ['id', r.dst.id],
      ['name', r.dst.name],
      ['fs_state', r.dst.fsState],
      ['type', 'playback'],
      ['playback_state', r.playbackState],
      ['high_water_mark', r.dHwmMB],
      ['time_out', r.dTimeoutS],
      // The next delta set it plays back; the last one played is one less.
      ['current_delta_set', r.played + 1],
      ['flow_control', flow(r.flowDst)],
      ['total_savevol_space', kbytes(r.savKB)],
      ['savevol_space_available', `${kbytes(r.dstAvailKB)} (Before Flow Control)`],
    ],
    KEY_WIDTH,
  );
  const sections = [source, destination];
  if (r.copy !== null) {
    const pct = r.copy.total === 0 ? 100 : Math.floor((r.copy.done * 100) / r.copy.total);
    sections.push(
      keyValues(
        [
          ['copy_session', r.copy.session],
          ['copy_type', copyKind(r.copy.kind)],
          ['copy_progress', `${r.copy.done} of ${r.copy.total} blocks (${pct}%)`],
        ],
        KEY_WIDTH,
      ),
    );
  }
  if (r.failover !== null) sections.push(keyValues(failoverRows(r.failover, extras.restartName, r.src.name), KEY_WIDTH));
  sections.push(outstandingLines(r));
  sections.push(
    keyValues(
      [
        ['communication_state', r.network],
        ['current_transfer_rate', kbits(r.currentKbit)],
        ['avg_transfer_rate', kbits(r.avgKbit)],
        ['source_ip', r.src.ip],
        ['source_port', r.srcPort],
        ['destination_ip', r.dst.ip],
        ['destination_port', r.dstPort],
        ['QOS_bandwidth', `${r.qosKbit} kbits/sec`],
      ],
      KEY_WIDTH,
    ),
  );
  if (extras.verbose !== null) sections.push(historyLines(r, extras.verbose));
  return sections.flatMap((s, i) => (i === 0 ? s : ['', ...s]));
}

/** One word per state, for the table. */
const listWord = (s: string) => (s === 'waiting for copy' ? 'copying' : s.split(' ')[0]!);

/** fs_replicate -list: the sessions this Control Station is the source of, then those it is the destination of. */
export function replListLines(reports: ReplReport[]): string[] {
  const head = ['Id', 'Source', 'FlowCtrl', 'State', 'Destination', 'FlowCtrl', 'State', 'Network'];
  // The reference's column widths less the two blanks between columns (6, 14, 10, ... in all).
  const min = [4, 12, 8, 8, 17, 8, 8];
  const rows = (role: 'source' | 'destination') =>
    reports
      .filter((r) => r.role === role)
      .map((r) => [
        String(role === 'source' ? r.src.id : r.dst.id),
        r.src.name,
        flow(r.flowSrc),
        listWord(replicatorState(r)),
        r.dst.name,
        flow(r.flowDst),
        listWord(r.playbackState),
        r.network,
      ]);
  // Both tables measured together, so that their columns line up.
  const [src, dst] = tables(
    [
      [head, ...rows('source')],
      [head, ...rows('destination')],
    ],
    { min, trimEnd: true },
  );
  return ['Local Source Filesystems', ...src!, '', 'Local Destination Filesystems', ...dst!];
}

/** fs_replicate -status ([000188]): both ends' header lines and the blocks that differ between them. */
export function replStatusLines(r: ReplReport, differing: number): string[] {
  return [
    ...keyValues(
      [
        ['id', r.src.id],
        ['name', r.src.name],
        ['type', 'replication'],
        ['replicator_state', replicatorState(r)],
        ['current_delta_set', r.currentDelta],
      ],
      KEY_WIDTH,
    ),
    '',
    ...keyValues(
      [
        ['id', r.dst.id],
        ['name', r.dst.name],
        ['type', 'playback'],
        ['playback_state', r.playbackState],
        ['current_delta_set', r.played + 1],
      ],
      KEY_WIDTH,
    ),
    '',
    ...keyValues(
      [
        ['outstanding_delta_sets', r.outstandingCount],
        ['blocks_different', differing],
      ],
      KEY_WIDTH,
    ),
  ];
}

/** What a failover did, after its -info block: the playback, the restart point, the source, the loss. */
export function failoverReportLines(f: FailoverRecord, restartName: string, played: number, src: string, dst: string): string[] {
  const lines: string[] = [];
  if (f.mode === 'sync') lines.push(`failover of ${src} to ${dst} (sync): its last changes were cut, sent and played back`);
  else if (f.mode === 'now') lines.push(`failover of ${src} to ${dst} (now): playback stopped, the delta sets received were not played back`);
  else lines.push(`failover of ${src} to ${dst}: ${played} delta set${played === 1 ? '' : 's'} received and played back`);
  lines.push(`restart point: ${restartName}, stamped with delta set ${f.restartDelta}`);
  if (!f.sourceReached) lines.push(`source ${src} could not be reached: it is made read-only when its site comes back`);
  else lines.push(`source ${src} made read-only${f.keepSource ? '; its delta set task left running (-restartpoint)' : '; its replication stopped'}`);
  if (f.lostSets.length === 0 && f.lostBlocks.length === 0) lines.push('no data lost');
  else if (f.lostSets.length === 0)
    lines.push(`delta sets not received: none; ${thousands(f.lostBlocks.length)} block${f.lostBlocks.length === 1 ? '' : 's'} written after the last delta set was cut were lost`);
  else lines.push(`delta sets not received: ${setRanges(f.lostSets)} (${thousands(f.lostBlocks.length)} block${f.lostBlocks.length === 1 ? '' : 's'})`);
  return lines;
}
