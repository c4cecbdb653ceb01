import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fetch from 'node-fetch';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(__dirname, 'cli.ts');
const TOKEN = 'cli-test-token-4f1c';

const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Starts the CLI through Node.js with the tsx loader, so the child is a single process. */
function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env } });
  children.push(child);
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(read: () => string, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; output so far:\n${read()}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('simulator CLI', () => {
  it('serves the demo farm and writes the certificate', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'iis-simulator-cli-'));
    folders.push(folder);
    const certificateFile = path.join(folder, 'simulator.pem');
    const cli = startCli(['--farm', 'fixtures/farm', '--port', '0', '--token', TOKEN, '--cert-out', certificateFile]);
    await waitFor(cli.output, 'Press Ctrl+C to stop.');
    const output = cli.output();

    const urls = [...output.matchAll(/^ {2}(\S+) {2}(https:\/\/127\.0\.0\.1:\d+\/\S+)$/gm)].map(match => [match[1], match[2]]);
    expect(urls.map(([host]) => host)).toEqual([
      'api01.corp.example',
      'legacy01.corp.example',
      'web01.corp.example',
      'web02.corp.example',
    ]);

    const certificatePem = readFileSync(certificateFile, 'utf8');
    expect(certificatePem).not.toContain('PRIVATE');
    const fingerprint = /Certificate SHA-256 fingerprint: (\S+)/.exec(output)?.[1];
    expect(fingerprint).toBe(new X509Certificate(certificatePem).fingerprint256);

    const web01 = urls.find(([host]) => host === 'web01.corp.example')![1];
    const response = await fetch(`${web01}/api/webserver/websites`, {
      agent: new Agent({ ca: certificatePem }),
      headers: { 'Access-Token': `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).websites).toHaveLength(4);

    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('PRIVATE');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('sends numbers as strings when asked', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'iis-simulator-cli-'));
    folders.push(folder);
    const certificateFile = path.join(folder, 'simulator.pem');
    const cli = startCli([
      '--farm', 'fixtures/farm', '--port', '0', '--token', TOKEN, '--cert-out', certificateFile, '--numbers-as-strings',
    ]);
    await waitFor(cli.output, 'Press Ctrl+C to stop.');
    const url = /(https:\/\/127\.0\.0\.1:\d+\/web01\.corp\.example)/.exec(cli.output())![1];
    const response = await fetch(`${url}/api/webserver/websites?fields=key`, {
      agent: new Agent({ ca: readFileSync(certificateFile, 'utf8') }),
      headers: { 'Access-Token': `Bearer ${TOKEN}` },
    });
    const { websites } = await response.json();
    expect(websites[0].key).toBe('1');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('applies fault switches from --faults', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'iis-simulator-cli-'));
    folders.push(folder);
    const certificateFile = path.join(folder, 'simulator.pem');
    const cli = startCli([
      '--farm', 'fixtures/farm', '--port', '0', '--token', TOKEN, '--cert-out', certificateFile,
      '--faults', 'WEB02.corp.example={"status":503}',
    ]);
    await waitFor(cli.output, 'Press Ctrl+C to stop.');
    const agent = new Agent({ ca: readFileSync(certificateFile, 'utf8') });
    const urls = new Map([...cli.output().matchAll(/^ {2}(\S+) {2}(https:\/\/\S+)/gm)].map(match => [match[1], match[2]]));
    const get = (host: string) =>
      fetch(`${urls.get(host)}/api/webserver/websites`, { agent, headers: { 'Access-Token': `Bearer ${TOKEN}` } });

    expect(cli.output()).toMatch(/^ {2}web02\.corp\.example {2}https:\/\/\S+ faults \{"status":503\}$/m);
    expect((await get('web02.corp.example')).status).toBe(503);
    expect((await get('web01.corp.example')).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it.each([
    [[], /--farm is missing\./, 2],
    [['--farm', 'fixtures/farm'], /--token is missing/, 2],
    [['--farm', 'fixtures/farm', '--token', 't', '--port', '65536'], /--port "65536" is invalid/, 2],
    [['--farm', 'fixtures/farm', '--token', 't', '--port=-1'], /--port "-1" is invalid/, 2],
    [['--unknown'], /Unknown option '--unknown'/, 2],
    [['--farm', 'no-such-folder', '--token', 't'], /failed to start: ENOENT/, 1],
    [['--farm', 'fixtures/farm', '--token', 't', '--faults', 'web01.corp.example={status:503}'], /--faults for "web01.corp.example" is not valid JSON/, 2],
    [['--farm', 'fixtures/farm', '--token', 't', '--faults', 'web01.corp.example={"status":418}'], /status 418 is not supported/, 2],
    [['--farm', 'fixtures/farm', '--token', 't', '--faults', 'nobody={"hang":true}'], /--faults names "nobody", which is not a server in/, 2],
  ])('rejects %j', async (args, message, code) => {
    const cli = startCli(args as string[]);
    expect(await cli.exited).toBe(code);
    expect(cli.output()).toMatch(message);
  });

  it('prints help', async () => {
    const cli = startCli(['--help']);
    expect(await cli.exited).toBe(0);
    for (const option of ['--farm', '--token', '--port', '--cert-out', '--numbers-as-strings', '--require-windows-auth', '--faults']) {
      expect(cli.output()).toContain(option);
    }
  });
});
