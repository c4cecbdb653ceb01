import { describe, expect, it } from 'vitest';
import { IisApiClient } from '../IisApiClient';
import { IisApiError } from '../IisApiError';
import type { IisApiServerOptions, WindowsAuthenticationOptions } from '../types';

const PASSWORD = 'Options-Passw0rd-3b';
const base: IisApiServerOptions = {
  host: 'web01.corp.example',
  url: 'https://web01.corp.example:55539',
  accessToken: 'options-token',
};

function optionError(windowsAuthentication: unknown): IisApiError {
  try {
    new IisApiClient({ ...base, windowsAuthentication: windowsAuthentication as WindowsAuthenticationOptions }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(IisApiError);
    expect((error as IisApiError).kind).toBe('invalid-options');
    expect((error as IisApiError).message).not.toContain(PASSWORD);
    return error as IisApiError;
  }
  throw new Error('expected the options to be rejected');
}

describe('windowsAuthentication option', () => {
  it('accepts a complete account', () => {
    const client = new IisApiClient({ ...base, windowsAuthentication: { domain: 'CORP', username: 'svc-backstage', password: PASSWORD } });
    client.close();
  });

  it.each([
    ['a string', 'CORP\\svc-backstage', /windowsAuthentication must be an object/],
    ['no domain', { username: 'svc', password: PASSWORD }, /windowsAuthentication.domain is empty/],
    ['a blank domain', { domain: ' ', username: 'svc', password: PASSWORD }, /windowsAuthentication.domain is empty/],
    ['no username', { domain: 'CORP', password: PASSWORD }, /windowsAuthentication.username is empty/],
    ['DOMAIN\\user as username', { domain: 'CORP', username: 'CORP\\svc', password: PASSWORD }, /give the domain and the user name separately/],
    ['a control character', { domain: 'CO\nRP', username: 'svc', password: PASSWORD }, /control character/],
    ['no password', { domain: 'CORP', username: 'svc' }, /windowsAuthentication.password is empty/],
    ['an empty password', { domain: 'CORP', username: 'svc', password: '' }, /windowsAuthentication.password is empty/],
  ])('rejects %s', (_case, value, message) => {
    expect(optionError(value).message).toMatch(message);
  });
});
