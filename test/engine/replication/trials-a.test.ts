// Randomised disaster-recovery trials 1-100 of 200 (trial.ts says what each does and checks),
// in two files so that the halves run side by side.
import { trials } from './trial.js';

trials(1, 100);
