// Whether the interactive shell colours at all. chalk decides from the terminal (no colour
// when stdout is not a TTY or a `CI` variable is set; FORCE_COLOR overrides) but ignores
// NO_COLOR, and ink colours through the same chalk instance: so NO_COLOR (any non-empty
// value, as no-color.org asks) is applied here once, before anything is drawn.
import chalk from 'chalk';

export function respectNoColor(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR) chalk.level = 0;
}
