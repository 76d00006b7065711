import type { BenchInfrastructure } from './bench-infrastructure';

/** One measured figure, with its target and, where there is one, the baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '<' | '>='; value: number };
  baseline?: { name: string; value: number };
}

export interface Scenario {
  name: string;
  description: string;
  run(infra: BenchInfrastructure): Promise<Figure[]>;
}

export function meetsTarget(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.op === '<' ? f.value < f.target.value : f.value >= f.target.value;
}
