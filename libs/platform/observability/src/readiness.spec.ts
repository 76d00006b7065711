import { metricsRegistry } from './metrics-registry';
import { runReadinessChecks, type ReadinessCheck } from './readiness';

const up = (name: string, gatesReadiness?: boolean): ReadinessCheck => ({ name, gatesReadiness, check: async () => undefined });
const down = (name: string, gatesReadiness?: boolean): ReadinessCheck => ({ name, gatesReadiness, check: async () => Promise.reject(new Error('refused')) });
const hung = (name: string): ReadinessCheck => ({ name, check: () => new Promise<void>(() => undefined) });

async function gauge(dependency: string): Promise<number | undefined> {
  const metric = await metricsRegistry.getSingleMetric('sargs_dependency_up')?.get();
  return metric?.values.find((v) => v.labels.dependency === dependency)?.value;
}

describe('runReadinessChecks', () => {
  it('is ready when every gating check is up, and reports each', async () => {
    expect(await runReadinessChecks([up('database'), up('kafka', false)])).toEqual({ ready: true, checks: { database: 'up', kafka: 'up' }, failing: [] });
  });

  it('stays ready with a non-gating dependency down (Kafka), naming it, and sets its gauge to 0', async () => {
    expect(await runReadinessChecks([up('database'), down('kafka', false)])).toEqual({ ready: true, checks: { database: 'up', kafka: 'down' }, failing: [] });
    expect(await gauge('kafka')).toBe(0);
    expect(await gauge('database')).toBe(1);
  });

  it('is not ready when a gating check fails or hangs past the timeout', async () => {
    expect(await runReadinessChecks([down('database'), up('kafka', false)])).toEqual({ ready: false, checks: { database: 'down', kafka: 'up' }, failing: ['database'] });
    expect(await runReadinessChecks([hung('database')], 20)).toEqual({ ready: false, checks: { database: 'down' }, failing: ['database'] });
    expect(await gauge('database')).toBe(0);
  });
});
