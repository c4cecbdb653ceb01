import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { runCli } from '../../src/preview/cli';
import { loadBackstageConfig } from '../../src/preview/loadConfig';
import { IisEntityProvider } from '../../src/provider/IisEntityProvider';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in this process with captured output; `tty` makes stderr look like a terminal. */
export async function runPreview(args: string[], env: Record<string, string | undefined> = {}, tty = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: tty, columns: tty ? 100 : undefined },
    env,
  });
  return { code, stdout, stderr };
}

const silentLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

/**
 * Runs the real provider once on the same config files (no catalog behind it, so nothing is read
 * back) and returns the entities it hands to `applyMutation`, in order.
 */
export async function providerEntities(files: string[], env: Record<string, string | undefined>): Promise<Entity[]> {
  const config = await loadBackstageConfig(files, env);
  const providers = IisEntityProvider.fromConfig(config, { logger: silentLogger });
  const entities: Entity[] = [];
  try {
    for (const provider of providers) {
      const connection: EntityProviderConnection = {
        applyMutation: async mutation => {
          if (mutation.type !== 'delta') {
            throw new Error('expected a delta mutation');
          }
          entities.push(...mutation.added.map(deferred => deferred.entity));
        },
        refresh: async () => {},
      };
      await provider.connect(connection);
      await provider.refresh();
    }
  } finally {
    providers.forEach(provider => provider.close());
  }
  return entities;
}

/** Writes a file into a new temporary folder and returns its path. */
export function writeTempFile(name: string, content: string, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-preview-'))): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
