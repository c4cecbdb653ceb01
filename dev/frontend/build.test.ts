import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFrontendBuilt, hashInputs } from './build';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontend-build-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"app"}');
  fs.writeFileSync(path.join(dir, 'src', 'index.tsx'), 'export {};');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hashInputs', () => {
  it('stays the same for the same files', () => {
    expect(hashInputs(dir, ['package.json', 'src'])).toBe(hashInputs(dir, ['package.json', 'src']));
  });

  it('changes when a source file changes', () => {
    const before = hashInputs(dir, ['package.json', 'src']);
    fs.writeFileSync(path.join(dir, 'src', 'index.tsx'), 'export const changed = 1;');

    expect(hashInputs(dir, ['package.json', 'src'])).not.toBe(before);
  });

  it('changes when a source file is added', () => {
    const before = hashInputs(dir, ['package.json', 'src']);
    fs.writeFileSync(path.join(dir, 'src', 'app.tsx'), '');

    expect(hashInputs(dir, ['package.json', 'src'])).not.toBe(before);
  });

  it('changes when a file is renamed', () => {
    const before = hashInputs(dir, ['src']);
    fs.renameSync(path.join(dir, 'src', 'index.tsx'), path.join(dir, 'src', 'main.tsx'));

    expect(hashInputs(dir, ['src'])).not.toBe(before);
  });

  it('changes when a missing input appears', () => {
    const before = hashInputs(dir, ['package.json', 'app-config.yaml']);
    fs.writeFileSync(path.join(dir, 'app-config.yaml'), 'app: {}');

    expect(hashInputs(dir, ['package.json', 'app-config.yaml'])).not.toBe(before);
  });
});

describe('ensureFrontendBuilt', () => {
  it('runs nothing when the install and build stamps match', async () => {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'node_modules', '.iis-demo-install-hash'), hashInputs(dir, ['package-lock.json', '.npmrc']));
    fs.writeFileSync(
      path.join(dir, 'dist', '.iis-demo-build-hash'),
      hashInputs(dir, ['package.json', 'package-lock.json', '.npmrc', 'app-config.yaml', 'tsconfig.json', 'src']),
    );

    await expect(ensureFrontendBuilt(dir)).resolves.toEqual({ installed: false, built: false });
  });

  it('reports a failed npm run with the folder and the exit code', async () => {
    // Without package-lock.json, `npm ci` fails at once and offline.
    await expect(ensureFrontendBuilt(dir)).rejects.toThrow(`npm ci --no-audit --no-fund in ${dir} failed with exit code 1; see its output above`);
  });
});
