/**
 * A simulator of the IIS Administration API for development and tests. It never ships in the
 * package: nothing under src/ may import it.
 */
export { startIisSimulator } from './server';
export type { IisSimulator, IisSimulatorOptions, SimulatedServerDefinition } from './server';
export type { SimulatedServerOptions } from './state';
export type { FaultName, FaultStatus, SimulatedFaults, TransientFault } from './faults';
export type { RequestLogEntry } from './request-log';
export type { NtlmConnectionRecord, RequireNtlmOptions } from './ntlm-auth';
export { loadFarm } from './farm';
export type { FarmServer } from './farm';
