import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process: process metrics plus whatever the platform libs count. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
