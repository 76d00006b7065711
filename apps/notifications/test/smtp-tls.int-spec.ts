import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { findFreePort, startMailDev, type MailDev } from '@sargs/devstack';
import { loadConfig } from '@sargs/platform/config';
import { createTestCertificates, MailReader, type TestCertificates } from '@sargs/testing';
import { appConfigSchema, type AppConfig } from '../src/config/app-config';
import { RelayFailure, SmtpRelay } from '../src/outgoing/smtp-relay';

/** The relay's settings as notifications reads them from its environment. */
const relayConfig = (env: Record<string, string>) =>
  loadConfig(appConfigSchema.pick({ SMTP_URL: true, SMTP_REQUIRE_TLS: true, SMTP_TLS_CA_FILE: true, SMTP_MAX_CONNECTIONS: true }), env) as AppConfig;

// SMTP_REQUIRE_TLS and SMTP_TLS_CA_FILE against real MailDev relays, one speaking TLS (smtps) and
// the shared one in clear.
describe('TLS to the mail relay', () => {
  let certs: TestCertificates;
  let dir: string;
  let secureRelay: MailDev;
  /** A relay that offers no TLS at all (STARTTLS off). */
  let plainRelay: MailDev;
  const relays: SmtpRelay[] = [];

  beforeAll(async () => {
    certs = createTestCertificates();
    dir = mkdtempSync(path.join(tmpdir(), 'sargs-smtps-'));
    chmodSync(dir, 0o755);
    secureRelay = await startMailDev({
      smtpPort: await findFreePort(),
      webPort: await findFreePort(),
      mailDir: path.join(dir, 'mail'),
      logFile: path.join(dir, 'maildev.log'),
      tls: certs.loopback,
    });
    plainRelay = await startMailDev({
      smtpPort: await findFreePort(),
      webPort: await findFreePort(),
      mailDir: path.join(dir, 'plain-mail'),
      logFile: path.join(dir, 'plain-maildev.log'),
      auth: { user: 'relay', pass: 'relay-password' },
    });
  });

  afterAll(async () => {
    for (const relay of relays) relay.onApplicationShutdown();
    await Promise.all([secureRelay?.stop(), plainRelay?.stop()]);
    rmSync(dir, { recursive: true, force: true });
    certs?.remove();
  });

  const relayFor = (env: Record<string, string>) => {
    const relay = new SmtpRelay(relayConfig(env));
    relays.push(relay);
    return relay;
  };
  const mailTo = (to: string) => ({ from: 'no-reply@sargs.test', to, subject: 'TLS check', text: 'hello' });
  const address = () => `tls-${randomUUID().slice(0, 8)}@example.test`;

  it('delivers over TLS to a relay whose certificate the configured CA signed', async () => {
    const to = address();
    await relayFor({ SMTP_URL: secureRelay.smtpUrl, SMTP_REQUIRE_TLS: 'true', SMTP_TLS_CA_FILE: certs.loopback.certFile }).send(mailTo(to));
    const mail = await new MailReader(secureRelay.webUrl).waitForMail(to);
    expect(mail.subject).toBe('TLS check');
  });

  it('with SMTP_REQUIRE_TLS, refuses a relay that offers no TLS; without it, the same relay is used in clear', async () => {
    const refused = address();
    await expect(relayFor({ SMTP_URL: plainRelay.smtpUrl, SMTP_REQUIRE_TLS: 'true' }).send(mailTo(refused))).rejects.toMatchObject({ kind: 'unavailable', code: 'tls' });
    const accepted = address();
    await relayFor({ SMTP_URL: plainRelay.smtpUrl, SMTP_REQUIRE_TLS: 'false' }).send(mailTo(accepted));
    const reader = new MailReader(plainRelay.webUrl);
    await reader.waitForMail(accepted);
    expect(await reader.mailsTo(refused)).toEqual([]);
  });

  // Last of the secure relay's tests: MailDev exits when a client aborts the TLS handshake.
  it('refuses a relay whose certificate it cannot verify', async () => {
    const sent = relayFor({ SMTP_URL: secureRelay.smtpUrl, SMTP_REQUIRE_TLS: 'true', SMTP_TLS_CA_FILE: certs.misnamed.certFile }).send(mailTo(address()));
    await expect(sent).rejects.toBeInstanceOf(RelayFailure);
    await expect(sent).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('stops at boot on a CA file that is missing or not PEM, naming the variable', () => {
    expect(() => relayConfig({ SMTP_URL: secureRelay.smtpUrl, SMTP_TLS_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/SMTP_TLS_CA_FILE: must be a readable PEM file/);
    expect(() => relayConfig({ SMTP_URL: secureRelay.smtpUrl, SMTP_TLS_CA_FILE: certs.loopback.keyFile })).toThrow(/SMTP_TLS_CA_FILE: must be a PEM file of CA certificates/);
  });
});
