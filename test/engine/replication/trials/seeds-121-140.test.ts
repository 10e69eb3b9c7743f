// Randomised disaster-recovery trials 121-140 of 200 (../trial.ts says what each does and
// checks), in ten files so that workers share them evenly and none is left running alone.
import { trials } from '../trial.js';

trials(121, 140);
