import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ConfigError } from '@sargs/platform/config';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { periodicSchedulerProviders } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { loadRetentionConfig } from '../config/app-config.fixture';
import { ExportSweepTask } from './export-sweep.task';
import { ExportsService } from './exports.service';

const load = loadRetentionConfig;

describe('exports configuration (R11)', () => {
  it('keeps a ready export 48 h, fails one after 5 min and sweeps every minute by default', () => {
    expect(load({})).toMatchObject({ EXPORT_TTL_MS: 48 * 3_600_000, EXPORT_DEADLINE_MS: 300_000, EXPORT_SWEEP_INTERVAL_MS: 60_000 });
    expect(load({ EXPORT_TTL_MS: '4000', EXPORT_DEADLINE_MS: '1000', EXPORT_SWEEP_INTERVAL_MS: '500' })).toMatchObject({
      EXPORT_TTL_MS: 4000,
      EXPORT_DEADLINE_MS: 1000,
      EXPORT_SWEEP_INTERVAL_MS: 500,
    });
  });

  it('refuses a value that is not a positive integer', () => {
    expect(() => load({ EXPORT_TTL_MS: '0' })).toThrow(ConfigError);
    expect(() => load({ EXPORT_DEADLINE_MS: 'soon' })).toThrow(ConfigError);
  });
});

describe('ExportSweepTask', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps every interval, never two rounds at once, and logs a failed round without stopping', async () => {
    jest.useFakeTimers();
    const warn = jest.fn();
    const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
    let finish: () => void = () => undefined;
    const sweep = jest
      .fn()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)))
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockResolvedValue({ failed: 0, purged: 0 });
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        ...periodicSchedulerProviders({ EXPORT_SWEEP_INTERVAL_MS: 1000 } as AppConfig),
        { provide: APP_LOGGER, useValue: logger },
        { provide: ExportsService, useValue: { sweep } },
        ExportSweepTask,
      ],
    }).compile();
    const job = moduleRef.createNestApplication({ logger: false });
    await job.init();
    try {
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweep).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweep).toHaveBeenCalledTimes(1);
      finish();
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweep).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith({ err: { message: 'connection reset' } }, 'export sweep failed; it runs again at the next interval');
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweep).toHaveBeenCalledTimes(3);
    } finally {
      await job.close();
    }
  });
});
