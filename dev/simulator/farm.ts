import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IisServerReading } from '../../src/iis/model';
import { parseApplicationHostConfig } from '../../src/iis/file';
import { readFarmCertificates } from './farm-certificates';
import type { SimulatedServerOptions } from './state';

export interface FarmServer {
  host: string;
  reading: IisServerReading;
  /** The server's certificates from `<host>/certificates.json`, when the folder has that file. */
  options?: SimulatedServerOptions;
}

const CONFIG_FILE_NAME = 'applicationHost.config';

/**
 * Reads a farm folder: every subfolder `<dir>/<host>/applicationHost.config` is one server named
 * after its folder, with `configSource` files read relative to that file. Folders without the
 * file are skipped. With `certificates`, an optional `<host>/certificates.json` gives the
 * certificates of its https bindings, which applicationHost.config does not hold; `now` anchors
 * their `expiresInDays`. They are opt-in because they add one request per certificate to a read.
 * Raises an error when no server is found or a file cannot be read or parsed.
 */
export async function loadFarm(dir: string, options: { certificates?: boolean; now?: Date } = {}): Promise<FarmServer[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const hosts = entries
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();

  const servers: FarmServer[] = [];
  for (const host of hosts) {
    const folder = path.join(dir, host);
    const file = path.join(folder, CONFIG_FILE_NAME);
    let xml: Buffer;
    try {
      xml = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        continue;
      }
      throw error;
    }

    const reading = await parseApplicationHostConfig(xml, {
      host,
      location: file,
      // The parser has already rejected absolute and parent-directory paths.
      readConfigSource: relativePath => readFile(path.join(folder, relativePath)),
    });
    const certificates = options.certificates ? await readFarmCertificates(folder, options.now ?? new Date()) : undefined;
    servers.push(certificates === undefined ? { host, reading } : { host, reading, options: { certificates } });
  }

  if (servers.length === 0) {
    throw new Error(`No server found in ${dir}: expected subfolders named after hosts, each with ${CONFIG_FILE_NAME}.`);
  }
  return servers;
}
