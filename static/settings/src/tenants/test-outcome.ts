import type { TestTenantResponse } from '../../../../src/contract/settings';
import { plural } from '../../../shared/format';

/** "Connected: 12 open alerts" or the exact problem MCAS or the network gave. */
export function describeTenantTest(result: TestTenantResponse): string {
  if (result.outcome === 'connected') {
    const count = plural(result.openAlerts, 'open alert');
    const connected = `Connected: ${result.moreThan ? `more than ${count}` : count}.`;
    if (!result.canClose) return connected;
    return result.canClose.allowed
      ? `${connected} It may close alerts (write-back).`
      : `${connected} It cannot close alerts: ${result.canClose.message}`;
  }
  return result.message;
}
