import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import type { Entity } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { farmDir, repoRoot } from '../support/farmSimulator';
import { writeTempFile } from './harness';

const execFileAsync = promisify(execFile);

/** Build output inside node_modules, so it resolves its dependencies, git ignores it and dist/ stays untouched. */
const buildDir = path.join(repoRoot, 'node_modules', '.cache', 'iis-preview-build');

describe('built preview command', () => {
  it('runs from the package bin as a user would', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; name: string };
    const binPath = manifest.bin[manifest.name];
    expect(binPath).toBe('dist/preview/bin.js');

    // The same compiler settings as `npm run build`, written to buildDir instead of dist/.
    fs.rmSync(buildDir, { recursive: true, force: true });
    await execFileAsync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: repoRoot });
    const script = path.join(buildDir, path.relative('dist', binPath));
    expect(fs.readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);

    const servers = fs
      .readdirSync(farmDir)
      .filter(host => fs.existsSync(path.join(farmDir, host, 'applicationHost.config')))
      .map(host => `          - host: ${host}\n            applicationHostConfig: ${path.join(farmDir, host, 'applicationHost.config')}\n`)
      .join('');
    const config = writeTempFile(
      'app-config.yaml',
      `catalog:\n  providers:\n    iis:\n      files:\n        owner: group:default/web-platform\n        servers:\n${servers}`,
    );

    const { stdout, stderr } = await execFileAsync(process.execPath, [script, 'preview', '--config', config, '--output', 'json'], { cwd: repoRoot });
    const { entities } = JSON.parse(stdout) as { entities: Entity[] };
    expect(entities.filter(entity => entity.spec?.type === 'iis-server')).toHaveLength(4);
    expect(entities.filter(entity => entity.spec?.type === 'website')).toHaveLength(16);
    expect(stderr).not.toContain('\r');
    expect(stderr).toContain('Read 4 of 4 IIS servers (16 sites)');

    const failure = await execFileAsync(process.execPath, [script, 'preview', '--output', 'xml'], { cwd: repoRoot }).catch(error => error as { code: number; stderr: string });
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toContain('--output "xml" is invalid');
  });
});
