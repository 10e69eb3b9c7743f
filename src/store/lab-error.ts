// A lab document that is not what its format says, and where: the loader adds the file's name.
export class LabFormatError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'LabFormatError';
  }
}
