import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { APP_LOGGER, metricsRegistry, type Logger } from '@sargs/platform/observability';
import { periodicSchedulerProviders } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { PrivacyRequestOverdueCheckTask } from './privacy-request-overdue-check.task';
import { PrivacyRequestsService } from './privacy-requests.service';

async function gauge(): Promise<number | undefined> {
  const metric = await metricsRegistry.getSingleMetric('sargs_privacy_requests_overdue')?.get();
  return metric?.values[0]?.value;
}

function setUp(overdue: { count: number; ids: string[] }) {
  const warn = jest.fn();
  const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
  const requests = { overdue: jest.fn().mockResolvedValue(overdue) } as unknown as PrivacyRequestsService;
  const check = new PrivacyRequestOverdueCheckTask(requests, logger);
  return { check, warn, requests, logger };
}

/** The task as the service runs it: its provider under the scheduler. */
async function scheduled(requests: PrivacyRequestsService, logger: Logger) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      ...periodicSchedulerProviders({ PRIVACY_REQUEST_OVERDUE_CHECK_MS: 3_600_000 } as AppConfig),
      { provide: APP_LOGGER, useValue: logger },
      { provide: PrivacyRequestsService, useValue: requests },
      PrivacyRequestOverdueCheckTask,
    ],
  }).compile();
  return moduleRef.createNestApplication({ logger: false });
}

describe('PrivacyRequestOverdueCheckTask', () => {
  it('sets the gauge and warns with the count and the ids only', async () => {
    const ids = ['6f1c2b1e-8d5a-4b8e-9a57-2f0e5a1b6c7d', '7f1c2b1e-8d5a-4b8e-9a57-2f0e5a1b6c7d'];
    const { check, warn } = setUp({ count: 2, ids });
    expect(await check.check()).toBe(2);
    expect(await gauge()).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({ overdue: 2, requestIds: ids }, expect.stringContaining('past their due date'));
  });

  it('resets the gauge to 0 and stays quiet when nothing is overdue', async () => {
    const { check, warn } = setUp({ count: 0, ids: [] });
    expect(await check.check()).toBe(0);
    expect(await gauge()).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs at boot and then every PRIVACY_REQUEST_OVERDUE_CHECK_MS, until shutdown', async () => {
    jest.useFakeTimers();
    try {
      const { requests, logger } = setUp({ count: 0, ids: [] });
      const app = await scheduled(requests, logger);
      await app.init();
      await jest.advanceTimersByTimeAsync(0);
      expect(requests.overdue).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(requests.overdue).toHaveBeenCalledTimes(2);
      await app.close();
      await jest.advanceTimersByTimeAsync(3 * 3_600_000);
      expect(requests.overdue).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
