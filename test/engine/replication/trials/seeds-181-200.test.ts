// Randomised disaster-recovery trials 181-200 of 200 (../trial.ts says what each does and
// checks), in ten files so that workers share them evenly and none is left running alone.
import { trials } from '../trial.js';

trials(181, 200);
