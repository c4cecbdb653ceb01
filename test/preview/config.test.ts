import path from 'path';
import { describe, expect, it } from 'vitest';
import { farmDir } from '../support/farmSimulator';
import { runPreview, writeTempFile } from './harness';

const legacyFile = path.join(farmDir, 'legacy01.corp.example', 'applicationHost.config');

function configWith(provider: string): string {
  return writeTempFile('app-config.yaml', `catalog:\n  providers:\n    iis:\n      production:\n${provider}`);
}

describe('preview command line and config', () => {
  it('prints help with every option', async () => {
    for (const args of [['--help'], ['preview', '--help'], ['preview', '-h']]) {
      const run = await runPreview(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: npx backstage-plugin-catalog-backend-module-iis preview');
      expect(run.stdout).toContain('--config FILE');
      expect(run.stdout).toContain('--output FORMAT');
      expect(run.stderr).toBe('');
    }
  });

  it.each([
    { args: [], says: 'a command is missing' },
    { args: ['show'], says: 'unknown command "show"' },
    { args: ['preview', '--verbose'], says: "Unknown option '--verbose'" },
    { args: ['preview', '--output', 'xml'], says: '--output "xml" is invalid: use table, yaml or json' },
    { args: ['preview', '--config'], says: "Option '--config <value>' argument missing" },
    { args: ['preview', 'extra'], says: "Unexpected argument 'extra'" },
  ])('rejects $args with status 2', async ({ args, says }) => {
    const run = await runPreview(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(says);
    expect(run.stderr).toContain('--help');
  });

  it('names the key and the fix of invalid config', async () => {
    const file = configWith(`        servers:\n          - host: legacy01.corp.example\n            applicationHostConfig: ${legacyFile}\n`);
    const run = await runPreview(['preview', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Invalid IIS provider config in app-config:');
    expect(run.stderr).toContain('- catalog.providers.iis.production.owner: is missing: set it to the entity ref of the team');
  });

  it('reports an unset token variable as a config error', async () => {
    const file = configWith(
      '        owner: group:default/web-platform\n        servers:\n          - host: web01.corp.example\n' +
        '            api:\n              url: https://127.0.0.1:9/web01\n              accessToken: ${IIS_UNSET_TOKEN}\n',
    );
    const run = await runPreview(['preview', '--config', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('catalog.providers.iis.production.servers[0].api.accessToken: is missing or empty');
    expect(run.stderr).toContain('check that the environment variable is set');
  });

  it('fails on a missing config file', async () => {
    const run = await runPreview(['preview', '--config', '/nonexistent/app-config.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Failed to load the config from /nonexistent/app-config.yaml: Config file "/nonexistent/app-config.yaml" does not exist');
  });

  it('shows no file excerpt for a YAML error', async () => {
    const file = writeTempFile('app-config.yaml', 'catalog:\n  providers: { iis: [secret-in-file\n');
    const run = await runPreview(['preview', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Failed to load the config from ${file}: `);
    expect(run.stderr).not.toContain('secret-in-file');
  });

  it('rejects a config URL', async () => {
    const run = await runPreview(['preview', '--config', 'https://config.example/app-config.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a URL, but the preview reads local config files only');
  });

  it('fails without IIS providers', async () => {
    const file = writeTempFile('app-config.yaml', 'app:\n  title: no providers\n');
    const run = await runPreview(['preview', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the config has no IIS providers: add at least one under catalog.providers.iis');
  });

  it('merges files, $file includes and APP_CONFIG_ variables', async () => {
    const dir = path.dirname(writeTempFile('path.txt', legacyFile));
    const base = writeTempFile(
      'app-config.yaml',
      'catalog:\n  providers:\n    iis:\n      production:\n        owner: group:default/first\n        servers:\n' +
        '          - host: legacy01.corp.example\n            applicationHostConfig:\n              $file: path.txt\n',
      dir,
    );
    const override = writeTempFile('app-config.local.yaml', 'catalog:\n  providers:\n    iis:\n      production:\n        owner: group:default/second\n', dir);
    const run = await runPreview(['preview', '--config', base, '--config', override, '--output', 'json'], {
      APP_CONFIG_catalog_providers_iis_production_lifecycle: '"experimental"',
    });
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    const { entities } = JSON.parse(run.stdout) as { entities: Array<{ spec: { owner: string; lifecycle?: string; type: string } }> };
    expect(entities.length).toBeGreaterThan(0);
    expect(new Set(entities.map(entity => entity.spec.owner))).toEqual(new Set(['group:default/second']));
    expect(entities.find(entity => entity.spec.type === 'website')?.spec.lifecycle).toBe('experimental');
  });
});
