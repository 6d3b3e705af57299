import { createInterface } from 'node:readline';
import { loadConfig } from '@app/config';
import { hashPassword, passwordProblem } from '@app/auth';
import { appendEvents, openApplicationDataSource, resolveDatabase } from '@app/persistence';
import { CliArgs, CliCommand } from '../cli-command';

/** What the command reads and writes, replaceable in tests. */
export interface CreateAdminIo {
  /** The whole of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
  /** Asks on the terminal without echoing; undefined when there is no terminal. */
  promptHidden?: (question: string) => Promise<string>;
  out(line: string): void;
  err(line: string): void;
  env?: Record<string, string | undefined>;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

function readAllStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function promptHiddenOnTty(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    let muted = false;
    (rl as any)._writeToOutput = (s: string) => {
      if (!muted) process.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true; // the question is written; what is typed is not echoed
  });
}

export const processIo: CreateAdminIo = {
  readStdin: readAllStdin,
  promptHidden: process.stdin.isTTY ? promptHiddenOnTty : undefined,
  out: (l) => console.log(l),
  err: (l) => console.error(l),
};

async function readPassword(args: CliArgs, io: CreateAdminIo): Promise<string | { error: string }> {
  if (args.flags['password-stdin'] === true) {
    const input = await io.readStdin();
    return input.replace(/\r?\n$/, '');
  }
  if (!io.promptHidden) return { error: 'no terminal to ask for the password: pipe it in with --password-stdin' };
  const first = await io.promptHidden('Password (at least 12 characters): ');
  const problem = passwordProblem(first);
  if (problem) return first; // reported by the caller, before asking twice
  const second = await io.promptHidden('Repeat the password: ');
  if (first !== second) return { error: 'the two passwords differ' };
  return first;
}

/** `create-admin --username <u> [--display-name <name>] [--password-stdin]`: the first administrator. */
export function makeCreateAdminCommand(io: CreateAdminIo = processIo): CliCommand {
  return {
    name: 'create-admin',
    summary: 'Create a deployment-wide administrator (there is no default account or password)',
    usage: '--username <name> [--display-name <name>] [--password-stdin]   (without --password-stdin: asks twice, hidden)',
    async run(args) {
      if (args.flags.password !== undefined) {
        io.err('refusing --password: a password on the command line ends up in shell history; use --password-stdin or the prompt');
        return 2;
      }
      const username = args.flags.username;
      if (typeof username !== 'string' || !USERNAME.test(username)) {
        io.err('--username is required: 3-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
        return 2;
      }
      const displayName = typeof args.flags['display-name'] === 'string' ? args.flags['display-name'] : username;
      const password = await readPassword(args, io);
      if (typeof password !== 'string') {
        io.err(password.error);
        return 2;
      }
      const problem = passwordProblem(password);
      if (problem) {
        io.err(`weak password refused: the password ${problem}`);
        return 2;
      }
      const passwordHash = await hashPassword(password);

      const config = loadConfig(io.env ?? process.env);
      const db = await resolveDatabase(config);
      try {
        const ds = await openApplicationDataSource(db, { migrate: true, warn: (m) => io.err(`warning: ${m}`) });
        try {
          const created = await ds.transaction(async (tx) => {
            const [row] = await tx.query(
              `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, 'admin', $3)
               ON CONFLICT (username) DO NOTHING RETURNING id`,
              [username, displayName, passwordHash],
            );
            if (!row) return null;
            await appendEvents(tx, [{
              streamType: 'user', streamId: row.id, subdistrictId: null, type: 'UserCreated',
              payload: { userId: row.id, username, displayName, role: 'admin', via: 'cli create-admin' },
              actorId: 'cli', actorRole: 'admin', reason: 'create-admin command', occurredAt: new Date(),
            }]);
            return row.id as string;
          });
          if (!created) {
            io.err(`a user named "${username}" already exists: nothing changed`);
            return 1;
          }
          io.out(`created administrator "${username}" (${created}); log in with POST /auth/login`);
          return 0;
        } finally {
          await ds.destroy();
        }
      } finally {
        await db.stop();
      }
    },
  };
}

export const createAdminCommand = makeCreateAdminCommand();
