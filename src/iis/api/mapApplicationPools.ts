import type { IisApplicationPool } from '../model';
import { FieldReader, describeValue, isJsonObject, nonEmpty, toIisState } from './jsonValues';

/**
 * Fields requested for each pool of `GET /api/webserver/application-pools?fields=…`. `identity`
 * contains the identity type, the user name and load_user_profile, never a password
 * (AppPoolHelper.ToJsonModel in microsoft/IIS.Administration).
 */
export const APPLICATION_POOL_FIELDS = [
  'name',
  'status',
  'auto_start',
  'pipeline_mode',
  'managed_runtime_version',
  'enable_32bit_win64',
  'start_mode',
  'identity',
];

/**
 * Maps one entry of the pool list. Missing fields take the IIS schema defaults, for example `""`
 * for managed_runtime_version since IIS 8.0 (IIS configuration reference, applicationPoolDefaults).
 * Returns undefined, and adds a warning, for an entry without a name.
 */
export function mapApplicationPool(raw: unknown, index: number, warnings: string[]): IisApplicationPool | undefined {
  const label = `Application pool #${index + 1} of the list`;
  if (!isJsonObject(raw)) {
    warnings.push(`${label} is ${describeValue(raw)}, not an object; it was skipped`);
    return undefined;
  }
  const name = nonEmpty(new FieldReader(raw, label, warnings).string('name'));
  if (name === undefined) {
    warnings.push(`${label} has no name; it was skipped`);
    return undefined;
  }

  const subject = `Application pool "${name}"`;
  const fields = new FieldReader(raw, subject, warnings);
  const identity = new FieldReader(fields.object('identity') ?? {}, `${subject} identity`, warnings);
  const pool: IisApplicationPool = {
    name,
    state: toIisState(fields.string('status')),
    autoStart: fields.boolean('auto_start') ?? true,
    managedRuntimeVersion: fields.string('managed_runtime_version') ?? '',
    pipelineMode: readPipelineMode(fields.string('pipeline_mode'), subject, warnings),
    identityType: nonEmpty(identity.string('identity_type')) ?? 'ApplicationPoolIdentity',
    enable32BitAppOnWin64: fields.boolean('enable_32bit_win64') ?? false,
    startMode: nonEmpty(fields.string('start_mode')) ?? 'OnDemand',
  };
  const apiId = nonEmpty(fields.string('id'));
  if (apiId !== undefined) {
    pool.apiId = apiId;
  }
  const userName = nonEmpty(identity.string('username'));
  if (userName !== undefined) {
    pool.identityUserName = userName;
  }
  return pool;
}

function readPipelineMode(value: string | undefined, subject: string, warnings: string[]): 'integrated' | 'classic' {
  const lower = value?.toLowerCase();
  if (lower === 'integrated' || lower === 'classic') {
    return lower;
  }
  if (value !== undefined) {
    warnings.push(`${subject}: pipeline_mode "${value}" is neither integrated nor classic; integrated is assumed`);
  }
  return 'integrated';
}
