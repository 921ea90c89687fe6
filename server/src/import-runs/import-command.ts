import { ConfigError } from '../config';
import { runMoOneCommand } from '../moone-import/import-command';
import { runSoftwareCitCommand } from '../softwarecit-import/import-command';

/** `npm run import -- <moone|softwarecit> …`: each source has its own options (README, «Importazione da …»). */
const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { moone: runMoOneCommand, softwarecit: runSoftwareCitCommand };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const command = COMMANDS[argv[0] ?? ''];
  (command ? command(argv) : Promise.reject(new Error(`Sorgente sconosciuta «${argv[0] ?? ''}»: uso npm run import -- moone … oppure npm run import -- softwarecit …`))).catch(
    (err: unknown) => {
      console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
