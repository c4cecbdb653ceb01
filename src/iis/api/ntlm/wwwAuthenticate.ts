import { NTLM_SIGNATURE } from './constants';

/** The HTTP authentication schemes that carry NTLM messages. */
export type NtlmHttpScheme = 'NTLM' | 'Negotiate';

interface Challenge {
  scheme: string;
  /** The token68 after the scheme name, when there is one. */
  token?: string;
}

const TOKEN68 = /^[A-Za-z0-9+/._~-]+=*$/;

/**
 * Splits WWW-Authenticate values into challenges. Each value may hold several challenges
 * separated by commas (`Negotiate, NTLM`), and NTLM tokens contain no commas. Parameters of
 * other schemes (`Bearer realm="x", error="y"`) come out as extra entries, which the callers
 * ignore because they look only for NTLM and Negotiate.
 */
function parseChallenges(values: string[]): Challenge[] {
  const challenges: Challenge[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const match = /^\s*([^\s=]+)(?:\s+(\S+))?\s*$/.exec(part);
      if (match) {
        challenges.push({ scheme: match[1], token: match[2] });
      }
    }
  }
  return challenges;
}

/**
 * Returns the scheme to run NTLM over: `NTLM` when the server offers it, otherwise `Negotiate`
 * (which Windows servers accept raw NTLM messages in), or undefined when it offers neither.
 */
export function pickNtlmScheme(wwwAuthenticate: string[]): NtlmHttpScheme | undefined {
  const schemes = parseChallenges(wwwAuthenticate).map(challenge => challenge.scheme.toLowerCase());
  if (schemes.includes('ntlm')) {
    return 'NTLM';
  }
  return schemes.includes('negotiate') ? 'Negotiate' : undefined;
}

/** Returns whether any challenge offers NTLM or Negotiate. */
export function offersWindowsAuthentication(wwwAuthenticate: string[]): boolean {
  return pickNtlmScheme(wwwAuthenticate) !== undefined;
}

/**
 * Returns the decoded token that the server sent with `scheme`, or undefined when it sent the
 * scheme without a token or with one that is not base64.
 */
export function findSchemeToken(wwwAuthenticate: string[], scheme: NtlmHttpScheme): Buffer | undefined {
  const wanted = scheme.toLowerCase();
  for (const challenge of parseChallenges(wwwAuthenticate)) {
    if (challenge.scheme.toLowerCase() === wanted && challenge.token !== undefined && TOKEN68.test(challenge.token)) {
      return Buffer.from(challenge.token, 'base64');
    }
  }
  return undefined;
}

/** Returns whether `token` is a raw NTLM message rather than, for example, a Kerberos or SPNEGO token. */
export function isNtlmMessage(token: Buffer): boolean {
  return token.length >= 12 && token.subarray(0, 8).equals(NTLM_SIGNATURE);
}
