/** The `scheduledTrigger` handler: fans due tenants out to the sync queue, nothing more. */
import { scheduleDueTenants } from '../sync/scheduler';
import { forgePorts } from './ports';

export async function scheduler(): Promise<void> {
  await scheduleDueTenants(forgePorts());
}
