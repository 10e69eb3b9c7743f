// The one list of commands: Control Station commands, then the shell's built-ins.
import type { Command } from './command.js';
import { nasCelCommand } from '../../commands/nas_cel.js';
import { nasServerCommand } from '../../commands/nas_server.js';
import { nasPoolCommand } from '../../commands/nas_pool.js';
import { nasFsCommand } from '../../commands/nas_fs.js';
import { fsCkptCommand } from '../../commands/fs_ckpt.js';
import { fsCopyCommand } from '../../commands/fs_copy.js';
import { fsDistCommand } from '../../commands/fs_dist.js';
import { fsReplicateCommand } from '../../commands/fs_replicate.js';
import { serverIfconfigCommand } from '../../commands/server_ifconfig.js';
import { serverMountpointCommand } from '../../commands/server_mountpoint.js';
import { serverMountCommand } from '../../commands/server_mount.js';
import { serverUmountCommand } from '../../commands/server_umount.js';
import { serverDateCommand } from '../../commands/server_date.js';
import { serverUptimeCommand } from '../../commands/server_uptime.js';
import { serverVersionCommand } from '../../commands/server_version.js';
import { serverLogCommand } from '../../commands/server_log.js';
import { serverCifsCommand } from '../../commands/server_cifs.js';
import { serverExportCommand } from '../../commands/server_export.js';
import { serverSetupCommand } from '../../commands/server_setup.js';
import { serverParamCommand } from '../../commands/server_param.js';
import { serverUsermapperCommand } from '../../commands/server_usermapper.js';
import { serverDnsCommand } from '../../commands/server_dns.js';
import { serverNisCommand } from '../../commands/server_nis.js';
import { clientCommand } from '../../commands/client.js';
import { helpCommand } from './builtins/help.js';
import { manCommand } from './builtins/man.js';
import { csCommand } from './builtins/cs.js';
import { historyCommand } from './builtins/history.js';
import { simCommand } from './builtins/sim.js';
import { watchCommand } from './builtins/watch.js';
import { saveCommand, loadCommand, resetCommand } from './builtins/lab-files.js';
import { exitCommand } from './builtins/exit.js';
import { exportCommand, envCommand } from './builtins/env.js';
import { echoCommand } from './builtins/echo.js';
import { catCommand } from './builtins/cat.js';

let all: Command[] | undefined;

/** Built lazily: built-ins such as `help` import this module back. */
export function commands(): Command[] {
  return (all ??= [
    nasCelCommand,
    nasServerCommand,
    nasPoolCommand,
    nasFsCommand,
    fsCkptCommand,
    fsCopyCommand,
    fsDistCommand,
    fsReplicateCommand,
    serverIfconfigCommand,
    serverMountpointCommand,
    serverMountCommand,
    serverUmountCommand,
    serverDateCommand,
    serverUptimeCommand,
    serverVersionCommand,
    serverLogCommand,
    serverCifsCommand,
    serverExportCommand,
    serverSetupCommand,
    serverParamCommand,
    serverUsermapperCommand,
    serverDnsCommand,
    serverNisCommand,
    clientCommand,
    helpCommand,
    manCommand,
    csCommand,
    historyCommand,
    simCommand,
    watchCommand,
    saveCommand,
    loadCommand,
    resetCommand,
    exitCommand,
    exportCommand,
    envCommand,
    echoCommand,
    catCommand,
  ]);
}

export function findCommand(name: string): Command | undefined {
  return commands().find((c) => c.name === name);
}
