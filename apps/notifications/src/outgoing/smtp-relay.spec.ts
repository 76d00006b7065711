import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { appConfigSchema } from '../config/app-config';
import { classifyRelayError, RelayFailure, SmtpRelay } from './smtp-relay';

/** A nodemailer-shaped error: message and response echo what the relay said, address included. */
function smtpError(fields: { code?: string; responseCode?: number; response?: string; message?: string }): Error {
  return Object.assign(new Error(fields.message ?? fields.response ?? 'relay error'), fields);
}

const ECHOED = '550 5.1.1 <anna.berzina@example.test>: Recipient address rejected: User unknown in virtual mailbox table';

describe('classifyRelayError', () => {
  it('takes a 5xx reply as permanent', () => {
    const failure = classifyRelayError(smtpError({ code: 'EENVELOPE', responseCode: 550, response: ECHOED }));
    expect(failure).toBeInstanceOf(RelayFailure);
    expect(failure).toMatchObject({ kind: 'permanent', code: 'smtp-550' });
    expect(classifyRelayError(smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 rejected' }))).toMatchObject({ kind: 'permanent', code: 'smtp-554' });
  });

  it('takes a 4xx reply as temporary', () => {
    const failure = classifyRelayError(smtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 <anna.berzina@example.test>: try again later' }));
    expect(failure).toMatchObject({ kind: 'temporary', code: 'smtp-451' });
    expect(classifyRelayError(smtpError({ responseCode: 421, response: '421 4.3.2 shutting down' }))).toMatchObject({ kind: 'temporary', code: 'smtp-421' });
  });

  it.each(['ECONNECTION', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKET', 'ECONNRESET'])('takes %s without a reply as the relay being unavailable', (code) => {
    expect(classifyRelayError(smtpError({ code, message: `connect ${code} 10.0.0.5:25` }))).toMatchObject({ kind: 'unavailable', code: 'connection' });
  });

  it('takes missing TLS (STARTTLS refused with a 5xx, or a certificate that does not verify) as the relay being unavailable, not the mail failing', () => {
    expect(classifyRelayError(smtpError({ code: 'ETLS', responseCode: 502, response: '502 5.5.1 Error: command not recognized' }))).toMatchObject({ kind: 'unavailable', code: 'tls' });
    expect(classifyRelayError(smtpError({ code: 'ETLS', message: 'unable to verify the first certificate' }))).toMatchObject({ kind: 'unavailable', code: 'tls' });
  });

  it('takes an envelope or message error without a reply as permanent', () => {
    expect(classifyRelayError(smtpError({ code: 'EENVELOPE', message: 'No recipients defined' }))).toMatchObject({ kind: 'permanent', code: 'envelope' });
    expect(classifyRelayError(smtpError({ code: 'EMESSAGE', message: 'Message failed' }))).toMatchObject({ kind: 'permanent', code: 'message' });
  });

  it('pauses the sender on anything it does not recognise', () => {
    for (const err of [new Error('boom'), smtpError({ code: 'EWHATEVER' }), 'a string', null, undefined, { responseCode: '550' }]) {
      expect(classifyRelayError(err)).toMatchObject({ kind: 'unavailable', code: 'connection' });
    }
  });

  it("never carries the relay's text, which may echo the address", () => {
    const errors = [
      smtpError({ code: 'EENVELOPE', responseCode: 550, response: ECHOED }),
      smtpError({ code: 'EENVELOPE', responseCode: 451, response: ECHOED.replace('550 5.1.1', '451 4.1.1') }),
      smtpError({ code: 'EENVELOPE', message: ECHOED }),
      smtpError({ code: 'ECONNECTION', message: ECHOED }),
      smtpError({ code: 'EUNKNOWN', message: ECHOED }),
    ];
    for (const err of errors) {
      const failure = classifyRelayError(err);
      const seen = `${failure.message}\n${failure.stack ?? ''}\n${JSON.stringify(failure)}\n${String(failure.code)}`;
      expect(seen).not.toContain('anna.berzina');
      expect(seen).not.toContain('Recipient address rejected');
      expect(failure.cause).toBeUndefined();
      expect(failure.message).toBe(`mail relay failure ${failure.code}`);
    }
  });
});

describe('SmtpRelay', () => {
  /** A local port nothing listens on. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('throws a RelayFailure of kind unavailable when the relay cannot be reached', async () => {
    const key = randomBytes(32).toString('base64');
    const config = appConfigSchema.parse({
      DATABASE_URL: 'postgres://u:p@localhost:5432/sargs_notifications',
      KAFKA_BROKERS: 'localhost:9092',
      INTERNAL_ASSERTION_PUBLIC_KEY: key,
      PSEUDONYM_KEY: key,
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
      PUBLIC_ORIGIN: 'https://app.sargs.example',
      SECRET_SEALING_KEY: key,
      UNSUBSCRIBE_TOKEN_KEY: key,
    });
    const relay = new SmtpRelay(config);
    try {
      const sent = relay.send({ from: config.MAIL_FROM, to: 'anna.berzina@example.test', subject: 'x', text: 'x' });
      await expect(sent).rejects.toBeInstanceOf(RelayFailure);
      await expect(sent).rejects.toMatchObject({ kind: 'unavailable', code: 'connection' });
    } finally {
      relay.onApplicationShutdown();
    }
  });
});
