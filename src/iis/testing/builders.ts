import type { IisApplicationPool } from '../model';

/** Builds an application pool with IIS's defaults (ApplicationPoolIdentity, v4.0, integrated), for tests. */
export function testPool(name: string, overrides: Partial<IisApplicationPool> = {}): IisApplicationPool {
  return {
    name,
    state: 'started',
    autoStart: true,
    managedRuntimeVersion: 'v4.0',
    pipelineMode: 'integrated',
    identityType: 'ApplicationPoolIdentity',
    enable32BitAppOnWin64: false,
    startMode: 'OnDemand',
    ...overrides,
  };
}
