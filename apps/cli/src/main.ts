import { ConfigError } from '@app/config';
import { parseArgs } from './cli-command';
import { COMMANDS } from './commands';

function usage(): void {
  console.log('usage: npm run cli -- <command> [options]\n\ncommands:');
  for (const c of COMMANDS) console.log(`  ${c.name.padEnd(22)} ${c.summary}${c.usage ? `\n  ${''.padEnd(22)} ${c.usage}` : ''}`);
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    usage();
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  return (await command.run(parseArgs(rest))) ?? 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
