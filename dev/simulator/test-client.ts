import { Agent } from 'node:https';
import fetch, { Response } from 'node-fetch';
import type { IisSimulator } from './server';

/**
 * A client for the simulator's tests: node-fetch over HTTPS, trusting only the simulator's
 * certificate through the agent's `ca` option.
 */
export interface SimulatorClient {
  get(host: string, path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET with the token; fails the test when the status is not 200 or the body is not JSON. */
  getJson(host: string, path: string, headers?: Record<string, string>): Promise<any>;
  agent: Agent;
}

export function createSimulatorClient(simulator: IisSimulator, token: string): SimulatorClient {
  const agent = new Agent({ ca: simulator.certificatePem, keepAlive: false });

  const get = (host: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${simulator.url(host)}${path}`, {
      agent,
      headers: { 'Access-Token': `Bearer ${token}`, ...headers },
    });

  const getJson = async (host: string, path: string, headers: Record<string, string> = {}) => {
    const response = await get(host, path, headers);
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`GET ${path} on ${host} returned ${response.status}: ${text}`);
    }
    return JSON.parse(text);
  };

  return { get, getJson, agent };
}
