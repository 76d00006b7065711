import { Writable } from 'node:stream';
import { runWithCorrelation } from './correlation-context';
import { createLogger } from './logger';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination: sink }) };
}

describe('createLogger', () => {
  it('redacts passwords, tokens and personal data at any depth we log', () => {
    const { lines, logger } = capture();
    logger.info({ password: 'hunter2-password', body: { email: 'anna@example.test', token: 'tok-secret', name: 'Anna' }, req: { headers: { cookie: '__Host-sid=abc', authorization: 'Bearer x' } } }, 'login');
    const line = lines.join('');
    for (const secret of ['hunter2-password', 'anna@example.test', 'tok-secret', 'Anna', '__Host-sid=abc', 'Bearer x']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ service: 'test', msg: 'login', password: '[redacted]' });
  });

  it('adds the correlation id of the current scope', () => {
    const { lines, logger } = capture();
    runWithCorrelation('corr-abcdef12', () => logger.info('inside'));
    expect(JSON.parse(lines[0]).correlationId).toBe('corr-abcdef12');
  });
});
