import { execFile, execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

/** How to install the server binaries, for skip and failure messages. */
export const postgresInstallHint =
  'install the PostgreSQL server binaries (Debian: apt-get install postgresql), which put initdb and pg_ctl in /usr/lib/postgresql/<version>/bin';

/** A throwaway PostgreSQL server on 127.0.0.1, owned by one test file. */
export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  /** Random for each server. Pass it to the client config and never print it. */
  password: string;
  /** Stops the server and removes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Finds the directory that contains initdb and pg_ctl: the newest Debian version under
 * /usr/lib/postgresql first, then the PATH. Returns undefined when neither has them.
 */
export function findPostgresBinaries(): string | undefined {
  const debianRoot = '/usr/lib/postgresql';
  const versions = fs.existsSync(debianRoot)
    ? fs.readdirSync(debianRoot).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const candidates = [
    ...versions.map(version => path.join(debianRoot, version, 'bin')),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ];
  return candidates.find(dir => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'pg_ctl')));
}

/**
 * Creates a cluster in a new temporary directory and starts it on a free port of 127.0.0.1,
 * with password authentication for the superuser `postgres`. Resolves once the server accepts
 * connections (`pg_ctl start -w`).
 *
 * PostgreSQL refuses to run as root, so under root every command runs as the system user
 * `postgres` through `runuser`, and that user owns the directory. The unix socket goes into the
 * same directory, so the cluster never touches /var/run/postgresql or port 5432.
 */
export async function startTestPostgres(binDir: string): Promise<TestPostgres> {
  const runAs = process.getuid?.() === 0 ? 'postgres' : undefined;
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const password = randomBytes(18).toString('base64url');
  let started = false;

  const run = (command: string, args: string[]) => runPostgresCommand(path.join(binDir, command), args, runAs);
  const stopServer = async () => {
    if (started) {
      started = false;
      await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
    }
  };

  try {
    const passwordFile = path.join(baseDir, 'password');
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    if (runAs) {
      const { stdout } = await execFileAsync('id', ['-u', runAs]);
      const uid = Number(stdout.trim());
      fs.chownSync(baseDir, uid, -1);
      fs.chownSync(passwordFile, uid, -1);
    }
    await run('initdb', [
      '-D', dataDir,
      '-U', 'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--no-instructions',
    ]);
    fs.rmSync(passwordFile);

    const port = await startOnFreePort(run, dataDir, baseDir, () => {
      started = true;
    });

    // A test process that exits without running its afterAll hooks still stops the server.
    const stopOnExit = () => {
      if (started) {
        const [file, args] = commandLine(path.join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate'], runAs);
        execFileSync(file, args, { cwd: os.tmpdir(), stdio: 'ignore', timeout: 10_000 });
      }
      fs.rmSync(baseDir, { recursive: true, force: true });
    };
    process.once('exit', stopOnExit);

    let stopped = false;
    return {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password,
      stop: async () => {
        if (stopped) {
          return;
        }
        stopped = true;
        process.off('exit', stopOnExit);
        try {
          await stopServer();
        } finally {
          fs.rmSync(baseDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await stopServer().catch(() => undefined);
    fs.rmSync(baseDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Picks a free port and starts the server on it. Another process can take the port between the
 * check and the start, so a failed start is tried again on a new port, three times in all.
 */
async function startOnFreePort(
  run: (command: string, args: string[]) => Promise<void>,
  dataDir: string,
  socketDir: string,
  onStarted: () => void,
): Promise<number> {
  const logFile = path.join(socketDir, 'server.log');
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await findFreePort();
    const serverOptions = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories="${socketDir}" -c fsync=off`;
    try {
      await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions]);
      onStarted();
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '(no server log)';
  throw new Error(`PostgreSQL failed to start on 127.0.0.1 after 3 attempts: ${String(lastError)}\nServer log:\n${log}`);
}

function commandLine(executable: string, args: string[], runAs: string | undefined): [string, string[]] {
  return runAs ? ['runuser', ['-u', runAs, '--', executable, ...args]] : [executable, args];
}

async function runPostgresCommand(executable: string, args: string[], runAs: string | undefined): Promise<void> {
  const [file, fileArgs] = commandLine(executable, args, runAs);
  try {
    // The working directory must be readable by the postgres user, which /root is not.
    await execFileAsync(file, fileArgs, { cwd: os.tmpdir(), timeout: 60_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${path.basename(executable)} ${args[0]} failed: ${stderr?.trim() || String(error)}`);
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
