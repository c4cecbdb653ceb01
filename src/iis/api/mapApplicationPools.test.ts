import { describe, expect, it } from 'vitest';
import { mapApplicationPool } from './mapApplicationPools';
import { API_SAMPLES_AVAILABLE, API_SAMPLES_SKIP_NOTE, readApiSample } from './testing/apiSamples';

const samplesSuite = API_SAMPLES_AVAILABLE ? describe : describe.skip;

samplesSuite(`mapApplicationPool on documentation samples${API_SAMPLES_SKIP_NOTE}`, () => {
  it('maps the single-pool sample with string values', () => {
    const warnings: string[] = [];

    const pool = mapApplicationPool(readApiSample('GET_api_webserver_application-pools_ID.json'), 0, warnings);

    expect(warnings).toEqual([]);
    expect(pool).toEqual({
      name: 'DefaultAppPool',
      apiId: '{id}',
      state: 'started',
      autoStart: true,
      managedRuntimeVersion: 'v4.0',
      pipelineMode: 'integrated',
      identityType: 'ApplicationPoolIdentity',
      enable32BitAppOnWin64: false,
      startMode: 'OnDemand',
    });
  });
});

describe('mapApplicationPool', () => {
  const typedPool = {
    name: 'shop',
    id: 'cG9vbA',
    status: 'stopped',
    auto_start: false,
    pipeline_mode: 'classic',
    managed_runtime_version: '',
    enable_32bit_win64: true,
    start_mode: 'AlwaysRunning',
    identity: { identity_type: 'SpecificUser', username: 'CORP\\svc-shop', load_user_profile: true },
  };

  it('reads booleans sent as strings like real ones', () => {
    const warnings: string[] = [];
    const fromStrings = mapApplicationPool(
      { ...typedPool, auto_start: 'false', enable_32bit_win64: 'true', identity: { ...typedPool.identity, load_user_profile: 'true' } },
      0,
      warnings,
    );

    expect(fromStrings).toEqual(mapApplicationPool(typedPool, 0, []));
    expect(fromStrings).toEqual({
      name: 'shop',
      apiId: 'cG9vbA',
      state: 'stopped',
      autoStart: false,
      managedRuntimeVersion: '',
      pipelineMode: 'classic',
      identityType: 'SpecificUser',
      identityUserName: 'CORP\\svc-shop',
      enable32BitAppOnWin64: true,
      startMode: 'AlwaysRunning',
    });
    expect(warnings).toEqual([]);
  });

  it('never copies a password field', () => {
    const pool = mapApplicationPool({ ...typedPool, identity: { ...typedPool.identity, password: 'Sup3r-Secret!' } }, 0, []);

    expect(JSON.stringify(pool)).not.toContain('Sup3r-Secret!');
  });

  it('applies schema defaults for missing fields', () => {
    const warnings: string[] = [];

    expect(mapApplicationPool({ name: 'bare' }, 0, warnings)).toEqual({
      name: 'bare',
      state: 'unknown',
      autoStart: true,
      managedRuntimeVersion: '',
      pipelineMode: 'integrated',
      identityType: 'ApplicationPoolIdentity',
      enable32BitAppOnWin64: false,
      startMode: 'OnDemand',
    });
    expect(warnings).toEqual([]);
  });

  it('warns about an unknown pipeline mode', () => {
    const warnings: string[] = [];

    const pool = mapApplicationPool({ name: 'odd', pipeline_mode: 'hybrid' }, 0, warnings);

    expect(pool?.pipelineMode).toBe('integrated');
    expect(warnings).toEqual(['Application pool "odd": pipeline_mode "hybrid" is neither integrated nor classic; integrated is assumed']);
  });

  it.each([
    ['text', 'Application pool #1 of the list is "text", not an object; it was skipped'],
    [{ status: 'started' }, 'Application pool #1 of the list has no name; it was skipped'],
  ])('skips %j with a warning', (raw, warning) => {
    const warnings: string[] = [];

    expect(mapApplicationPool(raw, 0, warnings)).toBeUndefined();
    expect(warnings).toEqual([warning]);
  });
});
