import { explainStartupError } from '../src/server/main.js';
import { UsageError, helpText, parse, type Command } from './args.js';
import { migrate } from './commands/migrate.js';
import { createUser } from './commands/create-user.js';
import { resetPassword } from './commands/reset-password.js';
import { demo } from './commands/demo.js';
import { demoStart } from './commands/demo-start.js';
import { importUnits, importReformCommand } from './commands/import-units.js';
import { backup } from './commands/backup.js';
import { restore } from './commands/restore.js';
import { audit } from './commands/audit.js';
import { importBoundariesCommand } from './commands/import-boundaries.js';

const commands: Command[] = [migrate, createUser, resetPassword, importUnits, importReformCommand, importBoundariesCommand, demo, demoStart, backup, restore, audit];

function overview(): string {
  return [
    'Tự Quản — administrator commands',
    '',
    'Usage: npm run cli -- <command> [options]      (each command has --help)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      console.log(helpText(command));
      return 0;
    }
    await command.run(values, positionals);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${helpText(command)}`);
      return 2;
    }
    console.error(`Error: ${explainStartupError(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
