// Virtual data movers: the operations commands call.
export { createVdm, deleteVdm, renameVdm, setVdmAcl, attachInterface, detachInterface, VDM_ROOT_MB, type NewVdm } from './lifecycle.js';
export { loadVdm, unloadVdm, moveVdm, mountAllVdm, vdmEntries, VDM_STATES, type LoadReport, type MountProblem } from './load.js';
export * from './vdms.js';
