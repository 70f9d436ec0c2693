import { describe, expect, it } from 'vitest';
import { readSingleSignOnConfig, safeNextPath } from './single-sign-on.ts';

const ENTRA = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  OIDC_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
  OIDC_CLIENT_SECRET: 'a secret',
  OIDC_REDIRECT_URI: 'https://scorecard.northshire.example/sign-in/sso/callback',
};

describe('readSingleSignOnConfig', () => {
  it('is off when no OIDC_ variable is set', () => {
    expect(readSingleSignOnConfig({ PORT: '3000', OIDC_LABEL: '  ' })).toBeNull();
  });

  it('reads a complete setting, trusting unverified emails only when told to', () => {
    const config = readSingleSignOnConfig({ ...ENTRA, OIDC_LABEL: 'Sign in with Microsoft' })!;
    expect(config.issuer.href).toBe(ENTRA.OIDC_ISSUER);
    expect(config.redirectUri.href).toBe(ENTRA.OIDC_REDIRECT_URI);
    expect(config).toMatchObject({ label: 'Sign in with Microsoft', isEmailTrusted: false });
    expect(config.allowInsecureRequests).toBeUndefined();
    expect(readSingleSignOnConfig({ ...ENTRA, OIDC_TRUST_EMAIL: 'TRUE' })!.isEmailTrusted).toBe(true);
  });

  it('names each missing or malformed variable when the setting is half done', () => {
    expect(() => readSingleSignOnConfig({ OIDC_ISSUER: ENTRA.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID is not set\n.*OIDC_CLIENT_SECRET is not set\n.*OIDC_REDIRECT_URI is not set/,
    );
    expect(() => readSingleSignOnConfig({ ...ENTRA, OIDC_ISSUER: 'http://login.example' })).toThrow(
      /OIDC_ISSUER must be an https:\/\/ address/,
    );
    expect(() => readSingleSignOnConfig({ ...ENTRA, OIDC_TRUST_EMAIL: 'yes' })).toThrow(
      /OIDC_TRUST_EMAIL must be true or false/,
    );
    expect(() => readSingleSignOnConfig({ ...ENTRA, OIDC_CLIENT_SECRET: 'hunter2' })).not.toThrow();
  });

  it('never puts the client secret in its error message', () => {
    expect(() => readSingleSignOnConfig({ ...ENTRA, OIDC_REDIRECT_URI: 'nonsense' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('a secret') }),
    );
  });
});

describe('safeNextPath', () => {
  it.each(['/scorecard', '/indicators?area=early-help', '/indicators/T1#history'])('keeps %s', (next) => {
    expect(safeNextPath(next)).toBe(next);
  });

  it.each([
    undefined,
    '',
    'scorecard',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    `/${'a'.repeat(2001)}`,
  ])('turns %j into /scorecard', (next) => {
    expect(safeNextPath(next)).toBe('/scorecard');
  });
});
