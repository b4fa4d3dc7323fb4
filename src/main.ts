import { buildProgram } from './cli/program.ts';

/** Entry point: `antoan <command>` (npm start runs `antoan serve`). */
await buildProgram().parseAsync(process.argv);
