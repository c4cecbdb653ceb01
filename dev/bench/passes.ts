import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import type { JsonObject } from '@backstage/types';
import type { IisSimulator } from '../simulator';
import type { IisServerReading } from '../../src/iis/model';
import type { ChildInput, PassFigures } from './discoveryChild';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../..');

/** One pass in its own process, with what the simulator saw meanwhile. */
export interface MeasuredPass {
  figures: PassFigures;
  /** Requests per server, in farm order. */
  requests: number[];
  totalRequests: number;
  /** CPU time of this process, which runs the simulator, during the pass. */
  simulatorCpuMs: number;
}

/** Builds a Backstage config with one provider for the farm, without the token, which the child adds. */
export function benchProviderConfig(
  farm: IisServerReading[],
  simulator: IisSimulator,
  caFile: string,
  options: { concurrency: number; readApplications: boolean },
): JsonObject {
  return {
    catalog: {
      providers: {
        iis: {
          bench: {
            owner: 'group:default/web-platform',
            concurrency: options.concurrency,
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
            servers: farm.map(reading => ({
              host: reading.host,
              api: { url: simulator.url(reading.host), caFile, readApplications: options.readApplications },
            })),
          },
        },
      },
    },
  };
}

/** Runs discoveryChild.ts in a new Node.js process and returns the figures it prints. */
export async function runChild<T>(input: ChildInput, token: string): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-'));
  const inputFile = path.join(dir, 'input.json');
  fs.writeFileSync(inputFile, JSON.stringify(input));
  try {
    const args = ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'discoveryChild.ts'), inputFile];
    const { stdout } = await execFileAsync(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, IIS_BENCH_TOKEN: token },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `count` passes, each in a fresh process, one after the other. */
export async function measurePasses(
  simulator: IisSimulator,
  farm: IisServerReading[],
  config: JsonObject,
  token: string,
  count: number,
): Promise<MeasuredPass[]> {
  const passes: MeasuredPass[] = [];
  for (let index = 0; index < count; index++) {
    const before = farm.map(reading => simulator.requests(reading.host));
    const cpuBefore = process.cpuUsage();
    const figures = await runChild<PassFigures>({ mode: 'pass', config }, token);
    const cpu = process.cpuUsage(cpuBefore);
    const requests = farm.map((reading, serverIndex) => simulator.requests(reading.host) - before[serverIndex]);
    passes.push({
      figures,
      requests,
      totalRequests: requests.reduce((sum, value) => sum + value, 0),
      simulatorCpuMs: (cpu.user + cpu.system) / 1000,
    });
    console.log(`  ${figures.summary}`);
  }
  return passes;
}

/** Returns the pass with the median wall time. */
export function medianPass(passes: MeasuredPass[]): MeasuredPass {
  const sorted = [...passes].sort((a, b) => a.figures.wallMs - b.figures.wallMs);
  return sorted[Math.floor(sorted.length / 2)];
}
