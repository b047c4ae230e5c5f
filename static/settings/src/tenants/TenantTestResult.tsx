import SectionMessage from '@atlaskit/section-message';
import type { TestTenantResponse } from '../../../../src/contract/settings';
import { describeTenantTest } from './test-outcome';

export function TenantTestResult({ result }: { result: TestTenantResponse }) {
  return (
    <div role="status" data-testid="tenant-test-result" style={{ marginBlock: 8 }}>
      <SectionMessage
        appearance={result.outcome === 'connected' ? 'success' : 'error'}
        title={result.outcome === 'connected' ? 'Connection works' : 'Connection failed'}
      >
        <p>{describeTenantTest(result)}</p>
      </SectionMessage>
    </div>
  );
}
