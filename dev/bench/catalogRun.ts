import fs from 'fs';
import os from 'os';
import path from 'path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { startIisSimulator } from '../simulator';
import type { IisServerReading } from '../../src/iis/model';
import { refreshTaskId } from '../../src/provider/IisEntityProvider';
import { etagsOf, queryEntities, triggerTask, waitFor } from '../../test/support/catalogClient';
import { LogLine, recordingRootLoggerFactory } from '../../test/support/recordingLogger';

const PROVIDER_ID = 'bench';
const PROVIDER_FILTER = 'metadata.annotations.iis.net/provider';
const SUMMARY_PATTERN = /^Read \d+ of \d+ IIS servers \(\d+ sites\) in ([\d.]+) s: (\d+) entities added, (\d+) updated, (\d+) removed, (\d+) kept, (\d+) unchanged/;

/** A run summary line and `Date.now()` when the provider logged it. */
interface LoggedSummary {
  message: string;
  loggedAt: number;
  durationMs: number;
}

export interface CatalogFigures {
  servers: number;
  sites: number;
  entities: number;
  /** From `startTestBackend` until it resolved. */
  backendStartMs: number;
  /** From the first run's start until the catalog API lists every entity. */
  firstRunToVisibleMs: number;
  /** The first run's own duration, from its summary line: read, transform and applyMutation. */
  providerShareMs: number;
  firstSummary: string;
  secondSummary: string;
  /** Entities whose etag differs after the second run over the unchanged farm, plus any added or removed. */
  etagsChanged: number;
}

function parseSummary(line: LogLine): LoggedSummary | undefined {
  const match = SUMMARY_PATTERN.exec(line.message);
  return match ? { message: line.message, loggedAt: Date.now(), durationMs: Number(match[1]) * 1000 } : undefined;
}

async function countEntities(catalogUrl: string): Promise<number> {
  const response = await fetch(`${catalogUrl}/entities/by-query?filter=${encodeURIComponent(PROVIDER_FILTER)}&limit=1`);
  if (!response.ok) {
    throw new Error(`GET entities/by-query failed with ${response.status}`);
  }
  return ((await response.json()) as { totalItems: number }).totalItems;
}

/**
 * Waits until the catalog's etags of this provider's entities stay the same over three polls
 * 2 s apart, so that late stitching (relations added by other entities' processing) is done.
 */
async function settledEtags(catalogUrl: string, expected: number): Promise<Map<string, string>> {
  let previous = '';
  let stablePolls = 0;
  return waitFor(
    'the catalog to settle',
    async () => {
      const entities: Entity[] = await queryEntities(catalogUrl, PROVIDER_FILTER);
      const etags = etagsOf(entities);
      const fingerprint = JSON.stringify([...etags].sort());
      stablePolls = fingerprint === previous && entities.length === expected ? stablePolls + 1 : 0;
      previous = fingerprint;
      if (stablePolls >= 2) {
        return etags;
      }
      await new Promise(resolve => setTimeout(resolve, 2000));
      return undefined;
    },
    180_000,
  );
}

function countChanged(before: Map<string, string>, after: Map<string, string>): number {
  let changed = 0;
  for (const [ref, etag] of before) {
    if (after.get(ref) !== etag) {
      changed++;
    }
  }
  for (const ref of after.keys()) {
    if (!before.has(ref)) {
      changed++;
    }
  }
  return changed;
}

/**
 * Runs the provider twice through the real catalog backend (SQLite in memory, the real scheduler)
 * against a simulated farm without latency: the first run at startup, the second triggered
 * through the scheduler's endpoint. Measures how long the first run takes to be visible, and how
 * many entities the second run changed.
 */
export async function measureCatalogRuns(farm: IisServerReading[], accessToken: string): Promise<CatalogFigures> {
  const simulator = await startIisSimulator({ servers: farm.map(reading => ({ host: reading.host, reading })), accessToken });
  const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-')), 'simulator.pem');
  simulator.writeCertificate(caFile);
  const expected = farm.reduce((sum, reading) => sum + 1 + reading.applicationPools.length + reading.sites.length, 0);

  const summaries: LoggedSummary[] = [];
  const logs: LogLine[] = [];
  const append = logs.push.bind(logs);
  logs.push = (...lines: LogLine[]) => {
    for (const line of lines) {
      const summary = parseSummary(line);
      if (summary) {
        summaries.push(summary);
      }
    }
    return append(...lines);
  };

  const config = {
    backend: { baseUrl: 'http://127.0.0.1', listen: { host: '127.0.0.1', port: 0 } },
    catalog: {
      providers: {
        iis: {
          [PROVIDER_ID]: {
            owner: 'group:default/web-platform',
            concurrency: 16,
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
            servers: farm.map(reading => ({ host: reading.host, api: { url: simulator.url(reading.host), accessToken, caFile } })),
          },
        },
      },
    },
  };

  const startedAt = Date.now();
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import('../../src'),
      mockServices.rootConfig.factory({ data: config }),
      recordingRootLoggerFactory(logs),
      schedulerServiceFactory,
    ],
  });
  const backendStartMs = Date.now() - startedAt;
  const catalogUrl = `http://127.0.0.1:${((backend.server as Server).address() as AddressInfo).port}/api/catalog`;

  try {
    const visibleAt = await waitFor(
      `${expected} entities in the catalog`,
      async () => ((await countEntities(catalogUrl)) === expected ? Date.now() : undefined),
      240_000,
    );
    const first = await waitFor('the first run summary', async () => summaries[0], 60_000);
    const firstRunStart = first.loggedAt - first.durationMs;

    const before = await settledEtags(catalogUrl, expected);
    await triggerTask(catalogUrl, refreshTaskId(PROVIDER_ID));
    const second = await waitFor('the second run summary', async () => summaries[1], 120_000);
    const after = await settledEtags(catalogUrl, expected);

    return {
      servers: farm.length,
      sites: farm.reduce((sum, reading) => sum + reading.sites.length, 0),
      entities: expected,
      backendStartMs,
      firstRunToVisibleMs: visibleAt - firstRunStart,
      providerShareMs: first.durationMs,
      firstSummary: first.message,
      secondSummary: second.message,
      etagsChanged: countChanged(before, after),
    };
  } finally {
    await backend.stop();
    await simulator.stop();
  }
}
