import { tenantPoliciesRewritten } from '@sargs/platform/database';

/**
 * dpa_acceptance's tenant policy in its present form: a condition of the index scan
 * (tenant-isolation.ts). The other tenant tables' policies admit more by an OR, and keep their form.
 */
export const TenantPolicyInTheIndexScan1797300000000 = tenantPoliciesRewritten(1797300000000, ['dpa_acceptance']);
