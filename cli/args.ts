import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Takes file names after the options. */
  positionals?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals?: string[]): Promise<void>;
}

export class UsageError extends Error {}

export function parse(command: Command, argv: string[]) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: command.positionals ?? false });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function helpText(command: Command): string {
  const lines = [`${command.summary}`, '', `Usage: npm run cli -- ${command.usage}`];
  const opts = Object.entries(command.options);
  if (opts.length) {
    lines.push('', 'Options:');
    for (const [name, o] of opts) {
      const def = o as { type: string; short?: string; description?: string };
      lines.push(`  --${name}${def.type === 'string' ? ' <value>' : ''}${def.short ? `, -${def.short}` : ''}`);
    }
  }
  lines.push('', 'Environment: DATA_DIR, DATABASE_URL (as for the server).');
  return lines.join('\n');
}

export function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required.`);
  return v;
}
