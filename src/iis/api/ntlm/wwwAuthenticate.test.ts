import { describe, expect, it } from 'vitest';
import { MS_NLMP_NTLMV2 as spec } from './testing/msNlmpVectors';
import { findSchemeToken, isNtlmMessage, offersWindowsAuthentication, pickNtlmScheme } from './wwwAuthenticate';

describe('pickNtlmScheme', () => {
  it.each([
    [['Negotiate', 'NTLM'], 'NTLM'],
    [['Negotiate, NTLM'], 'NTLM'],
    [['ntlm'], 'NTLM'],
    [['Negotiate'], 'Negotiate'],
    [['NEGOTIATE'], 'Negotiate'],
    [['Bearer realm="iis", error="invalid_token"', 'Negotiate'], 'Negotiate'],
    [['Bearer'], undefined],
    [['Basic realm="x"'], undefined],
    [[], undefined],
    // A parameter value that mentions NTLM is not an offer.
    [['Bearer error_description="NTLM is off"'], undefined],
  ])('picks from %j', (values, expected) => {
    expect(pickNtlmScheme(values)).toBe(expected);
    expect(offersWindowsAuthentication(values)).toBe(expected !== undefined);
  });
});

describe('findSchemeToken', () => {
  const token = spec.challengeMessage.toString('base64');

  it('decodes the token of the scheme', () => {
    expect(findSchemeToken([`NTLM ${token}`], 'NTLM')).toEqual(spec.challengeMessage);
    expect(findSchemeToken([`Negotiate ${token}`], 'Negotiate')).toEqual(spec.challengeMessage);
    expect(findSchemeToken([`ntlm ${token}`], 'NTLM')).toEqual(spec.challengeMessage);
  });

  it('finds the token among other challenges', () => {
    expect(findSchemeToken(['Negotiate', `NTLM ${token}`], 'NTLM')).toEqual(spec.challengeMessage);
    expect(findSchemeToken([`Bearer, NTLM ${token}`], 'NTLM')).toEqual(spec.challengeMessage);
  });

  it('returns undefined without a usable token', () => {
    expect(findSchemeToken(['NTLM'], 'NTLM')).toBeUndefined();
    expect(findSchemeToken([`Negotiate ${token}`], 'NTLM')).toBeUndefined();
    expect(findSchemeToken(['NTLM not*base64'], 'NTLM')).toBeUndefined();
    expect(findSchemeToken([], 'Negotiate')).toBeUndefined();
  });
});

describe('isNtlmMessage', () => {
  it('tells NTLM from other tokens', () => {
    expect(isNtlmMessage(spec.challengeMessage)).toBe(true);
    // The start of an SPNEGO negTokenResp, as a Kerberos-capable server sends it.
    expect(isNtlmMessage(Buffer.from('a1819f30819ca0030a0100a10b06092a864882f712010202', 'hex'))).toBe(false);
    expect(isNtlmMessage(Buffer.from('NTLMSSP\0', 'latin1'))).toBe(false);
  });
});
