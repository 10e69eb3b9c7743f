// Virtual data movers: the operations commands call, and the listener a lab needs registered
// before it runs (importing this file registers it: a booting data mover reloads its VDMs).
import './boot.js';
export { createVdm, deleteVdm, renameVdm, setVdmAcl, attachInterface, detachInterface, VDM_ROOT_MB, type NewVdm } from './lifecycle.js';
export { loadVdm, unloadVdm, moveVdm, mountAllVdm, vdmEntries, VDM_STATES, type LoadReport, type MountProblem } from './load.js';
export * from './vdms.js';
