import { abuseIpdbTabAdvice, tenantDialogAdvice } from '../../src/sync/test-advice';

describe('advice in a connection or key test points here, not elsewhere', () => {
  it('names an unsaved tenant as such and says to paste the token in this dialog', () => {
    expect(
      tenantDialogAdvice(
        'MCAS tenant "new tenant" refused the API token (HTTP 401). Generate a new token in Defender for Cloud Apps → Settings → Security extensions → API tokens and save it in the tenant settings.',
      ),
    ).toBe(
      'The MCAS tenant refused the API token (HTTP 401). Generate a new token in Defender for Cloud Apps → Settings → Security extensions → API tokens, paste it here and test again.',
    );
  });

  it('says to paste the AbuseIPDB key above, not "in the project settings"', () => {
    expect(
      abuseIpdbTabAdvice(
        'AbuseIPDB refused the API key (HTTP 401). Set a valid v2 key (the v1 key differs) in the project settings.',
      ),
    ).toBe(
      'AbuseIPDB refused the API key (HTTP 401). Paste a valid v2 key (the v1 key differs) above, save it and test again.',
    );
  });
});
