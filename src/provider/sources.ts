import fs from 'fs/promises';
import path from 'path';
import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { IisServerConfig } from '../config';
import { IisApiClient } from '../iis/api';
import { parseApplicationHostConfig } from '../iis/file';
import { IisServerReading } from '../iis/model';

/** One configured server, able to produce a fresh reading of itself. */
export interface ServerSource {
  readonly host: string;
  /** Where the server is read from, safe to log: the API base URL or the file's path or URL. */
  readonly location: string;
  read(): Promise<IisServerReading>;
  close(): void;
}

export interface ServerSourceDeps {
  logger: LoggerService;
  urlReader?: UrlReaderService;
}

/** Creates the source of one configured server. */
export function createServerSource(server: IisServerConfig, deps: ServerSourceDeps): ServerSource {
  if (server.api) {
    return new ApiServerSource(server.host, server.api, deps);
  }
  return new FileServerSource(server.host, server.applicationHostConfig!, deps);
}

class ApiServerSource implements ServerSource {
  readonly location: string;
  private readonly client: IisApiClient;

  constructor(readonly host: string, api: NonNullable<IisServerConfig['api']>, deps: ServerSourceDeps) {
    this.location = api.url;
    this.client = new IisApiClient(
      {
        host,
        url: api.url,
        accessToken: api.accessToken,
        caFile: api.caFile,
        certificateFingerprint: api.certificateFingerprint,
        timeoutMs: api.timeoutMs,
        readApplications: api.readApplications,
      },
      { logger: deps.logger },
    );
  }

  read(): Promise<IisServerReading> {
    return this.client.readServer();
  }

  close(): void {
    this.client.close();
  }
}

class FileServerSource implements ServerSource {
  constructor(readonly host: string, readonly location: string, private readonly deps: ServerSourceDeps) {}

  async read(): Promise<IisServerReading> {
    const xml = await this.readLocation(this.location);
    return parseApplicationHostConfig(xml, {
      host: this.host,
      location: this.location,
      readConfigSource: relativePath => this.readLocation(this.resolveSideFile(relativePath)),
    });
  }

  close(): void {}

  private isUrl(): boolean {
    return /^https?:\/\//i.test(this.location);
  }

  /** Resolves a `configSource` file relative to the main file, the way IIS does. */
  private resolveSideFile(relativePath: string): string {
    if (this.isUrl()) {
      return new URL(relativePath.replace(/\\/g, '/'), this.location).toString();
    }
    return path.resolve(path.dirname(this.location), relativePath.replace(/\\/g, '/'));
  }

  private async readLocation(location: string): Promise<Buffer> {
    if (!/^https?:\/\//i.test(location)) {
      return fs.readFile(location);
    }
    if (!this.deps.urlReader) {
      throw new Error(`cannot read ${location}: no UrlReaderService is available to read URLs`);
    }
    const response = await this.deps.urlReader.readUrl(location);
    return response.buffer();
  }
}
