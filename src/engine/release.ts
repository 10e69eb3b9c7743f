// A data mover's software release as DART spells it: in its boot log entries, server_version and server_cifs.

/** `5.6.52-201` -> `T5.6.52.201`, DART's own spelling of a release. */
export function dartVersion(codeLevel: string): string {
  return `T${codeLevel.replace(/-/g, '.')}`;
}
