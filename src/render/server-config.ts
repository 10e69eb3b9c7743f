// A server's configuration file as text: what `cat` shows of a data mover's boot.cfg or a
// VDM's vdm.cfg. The lines are in the style of DART's own setup commands (INFERRED: no
// source shows these files); the file holds the same configuration as data.
import type { ServerConfig } from '../engine/types.js';

const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export function configText(cfg: ServerConfig, title: string): string[] {
  const out = [`# ${title}`];
  if (cfg.wins.length > 0) out.push(`cifs wins=${cfg.wins.join(',')}`);
  for (const d of cfg.dns) out.push(`dns ${d.domain} ${d.servers.join(',')} proto=${d.proto}`);
  if (cfg.nis !== null) out.push(`nis ${cfg.nis.domain} ${cfg.nis.servers.join(',')}`);
  for (const i of cfg.interfaces) out.push(`interface ${i.name}${i.attached ? ' attached' : ''}`);
  for (const c of cfg.cifs) {
    const opts = [
      `compname=${c.compname}`,
      `domain=${c.domain}`,
      `netbios=${c.netbios}`,
      ...c.interfaces.map((i) => `interface=${i}`),
      ...c.aliases.map((a) => `alias=${a}`),
      ...(c.localUsers ? ['local_users'] : []),
    ];
    out.push(`cifs add ${opts.join(',')}${c.comment ? ` comment=${quote(c.comment)}` : ''}`);
    if (c.joined !== null) out.push(`cifs joined compname=${c.compname},domain=${c.domain},ou=${quote(c.joined.ou)} kvno=${c.joined.kvno}`);
    for (const g of c.localGroups) if (g.members.length > 0) out.push(`cifs lgroup ${c.netbios} ${quote(g.name)} members=${g.members.map(quote).join(',')}`);
  }
  for (const s of cfg.shares) {
    const opts = [
      `name=${quote(s.name)}`,
      `path=${quote(s.path)}`,
      ...(s.netbios ? [`netbios=${s.netbios}`] : []),
      `umask=${s.umask}`,
      ...(s.maxusr !== null ? [`maxusr=${s.maxusr}`] : []),
      ...(s.ro ? ['ro'] : []),
      ...(s.ca ? ['type=CA'] : []),
    ];
    out.push(`share add ${opts.join(' ')}${s.comment ? ` comment=${quote(s.comment)}` : ''}`);
  }
  for (const e of cfg.exports)
    out.push(
      `export add path=${quote(e.path)}${e.options ? ` options=${e.options}` : ''}${e.name ? ` name=${quote(e.name)}` : ''}${e.comment ? ` comment=${quote(e.comment)}` : ''}`,
    );
  for (const p of cfg.mountpoints) out.push(`mountpoint ${p}`);
  for (const m of cfg.mounts) {
    const opts = [m.ro ? 'ro' : 'rw', ...(m.accessPolicy ? [`accesspolicy=${m.accessPolicy}`] : []), ...(m.lock ? [m.lock] : []), ...m.flags];
    out.push(`mount ${m.fs} ${m.path} ${opts.join(',')}${m.autoPoint ? ' autopoint' : ''}`);
  }
  for (const u of cfg.usermap) out.push(`usermap ${u.domain}\\${u.user} uid=${u.uid} gid=${u.gid}`);
  return out;
}
