import { execFileSync } from 'child_process';
import path from 'path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');

describe('npm package contents', () => {
  it('ships only the build, the config schema and the docs', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const files = (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0].files.map(file => file.path);
    const allowed = /^(dist\/.*|config\.d\.ts|README\.md|CHANGELOG\.md|package\.json|LICENSE)$/;
    expect(files.filter(file => !allowed.test(file))).toEqual([]);
    expect(files).toContain('config.d.ts');
  });

  it('declares the backend module role and the config schema', () => {
    const manifest = require(path.join(repoRoot, 'package.json'));
    expect(manifest.backstage).toEqual({ role: 'backend-plugin-module', pluginId: 'catalog', pluginPackage: '@backstage/plugin-catalog-backend' });
    expect(manifest.configSchema).toBe('config.d.ts');
  });
});
