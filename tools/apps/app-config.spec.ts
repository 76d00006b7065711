import { SARGS_SERVICES, startAppProcess, type AppName } from '@sargs/devstack';

// A missing or malformed variable stops the app at once with a message naming it.
describe.each<AppName>([...SARGS_SERVICES, 'gateway'])('%s', (app) => {
  it('refuses to start without its configuration and names what is missing', async () => {
    const proc = startAppProcess(app, { from: 'source', env: { PORT: 'not-a-port' } });
    const { code } = await proc.exited();
    expect(code).toBe(1);
    const output = proc.output();
    expect(output).toContain('Invalid configuration');
    expect(output).toContain('PORT: must be a TCP port');
    const required = app === 'gateway' ? ['PUBLIC_ORIGIN', 'INTERNAL_ASSERTION_PRIVATE_KEY', 'IDENTITY_URL'] : ['DATABASE_URL', 'KAFKA_BROKERS', 'INTERNAL_ASSERTION_PUBLIC_KEY', 'PSEUDONYM_KEY'];
    if (app === 'identity') required.push('SECRET_SEALING_KEY', 'WEBAUTHN_ORIGIN');
    if (app === 'consent') required.push('UNSUBSCRIBE_TOKEN_KEY');
    if (app === 'retention') required.push('CERTIFICATE_SIGNING_KEY');
    if (app === 'organizations') required.push('SECRET_SEALING_KEY');
    if (app === 'notifications') required.push('SMTP_URL', 'PUBLIC_ORIGIN', 'SECRET_SEALING_KEY', 'UNSUBSCRIBE_TOKEN_KEY');
    for (const name of required) expect(output).toContain(`${name}: is required but not set`);
  }, 30_000);
});
