/**
 * Installs and builds the demo's frontend app (dev/app) when its packages or sources changed
 * since the last build. `npm start` and the browser tests call it, and `npm run build:app` runs it
 * alone. The app is a separate npm package with its own package-lock.json, so the root `npm ci`
 * and the published package never see its dependencies.
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';

export const appDir = path.resolve(__dirname, '..', 'app');
export const appDistDir = path.join(appDir, 'dist');

// Files whose content decides whether `npm ci` or the build must run again.
const INSTALL_INPUTS = ['package-lock.json', '.npmrc'];
const BUILD_INPUTS = ['package.json', 'package-lock.json', '.npmrc', 'app-config.yaml', 'tsconfig.json', 'src'];

/** Runs `npm ci` and then the build in `dir` when their inputs changed; returns what it ran. */
export async function ensureFrontendBuilt(dir: string = appDir): Promise<{ installed: boolean; built: boolean }> {
  const installStamp = path.join(dir, 'node_modules', '.iis-demo-install-hash');
  const buildStamp = path.join(dir, 'dist', '.iis-demo-build-hash');

  const installHash = hashInputs(dir, INSTALL_INPUTS);
  const installed = readStamp(installStamp) !== installHash;
  if (installed) {
    console.log(`Installing the frontend app's packages in ${dir} (npm ci, one to two minutes the first time)`);
    await runNpm(dir, ['ci', '--no-audit', '--no-fund']);
    fs.writeFileSync(installStamp, installHash);
  }

  const buildHash = hashInputs(dir, BUILD_INPUTS);
  const built = readStamp(buildStamp) !== buildHash;
  if (built) {
    console.log(`Building the frontend app in ${dir}`);
    await runNpm(dir, ['run', 'build']);
    fs.writeFileSync(buildStamp, buildHash);
  }
  return { installed, built };
}

/**
 * Computes a SHA-256 over the relative path and content of every input file, folders walked in sorted order.
 * A missing input counts as empty, so adding it later changes the hash.
 */
export function hashInputs(dir: string, inputs: string[]): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(input => listFiles(dir, input))) {
    hash.update(file);
    hash.update('\0');
    hash.update(fs.readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string, relativePath: string): string[] {
  const fullPath = path.join(dir, relativePath);
  if (!fs.existsSync(fullPath)) {
    return [];
  }
  if (!fs.statSync(fullPath).isDirectory()) {
    return [relativePath];
  }
  return fs
    .readdirSync(fullPath)
    .sort()
    .flatMap(name => listFiles(dir, path.join(relativePath, name)));
}

function readStamp(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Runs npm in the app folder with the output shown. The `npm_*` variables of a root `npm start` or
 * `npm run` are removed first, because npm reads them as its own config: `npm start --omit=dev`
 * passes `npm_config_omit=dev`, which would leave the app's build tools out.
 */
function runNpm(dir: string, args: string[]): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: dir, env, stdio: 'inherit' });
    child.once('error', error => reject(new Error(`Failed to run npm ${args.join(' ')} in ${dir}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const outcome = signal ? `was stopped by ${signal}` : `failed with exit code ${code}`;
      reject(new Error(`npm ${args.join(' ')} in ${dir} ${outcome}; see its output above`));
    });
  });
}

if (require.main === module) {
  ensureFrontendBuilt().then(
    ({ installed, built }) => {
      if (!installed && !built) {
        console.log(`The frontend app in ${appDir} is up to date`);
      }
    },
    error => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
