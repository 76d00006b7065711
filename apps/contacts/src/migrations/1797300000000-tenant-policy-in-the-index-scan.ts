import { tenantPoliciesRewritten } from '@sargs/platform/database';

/** contact's tenant policy in its present form: a condition of the index scan (tenant-isolation.ts). */
export const TenantPolicyInTheIndexScan1797300000000 = tenantPoliciesRewritten(1797300000000, ['contact']);
