import type { TestTenantResponse } from '../../../../src/contract/settings';
import { plural } from '../../../shared/format';

/** "Connected: 12 open alerts" or the exact problem MCAS or the network gave. */
export function describeTenantTest(result: TestTenantResponse): string {
  if (result.outcome === 'connected') {
    const count = plural(result.openAlerts, 'open alert');
    return `Connected: ${result.moreThan ? `more than ${count}` : count}.`;
  }
  return result.message;
}
