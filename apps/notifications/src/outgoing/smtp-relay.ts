import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';

/** How a failed hand-over is treated: try the mail again later, give up on it, or pause the whole sender. */
export type RelayFailureKind = 'temporary' | 'permanent' | 'unavailable';

export class RelayFailure extends Error {
  constructor(
    readonly kind: RelayFailureKind,
    /** A code for the log and the delivery record, never the relay's text (it may echo the address). */
    readonly code: string,
  ) {
    super(`mail relay failure ${code}`);
  }
}

/** Sorts a nodemailer error into a RelayFailure: 5xx replies are final, 4xx and broken connections are not. */
export function classifyRelayError(err: unknown): RelayFailure {
  const { responseCode, code } = (err ?? {}) as { responseCode?: unknown; code?: unknown };
  // No TLS where it is required (STARTTLS refused, a certificate that does not verify): the relay's
  // fault, not the mail's, whatever the reply code; the sender pauses instead of failing every mail.
  if (code === 'ETLS') return new RelayFailure('unavailable', 'tls');
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) return new RelayFailure('permanent', `smtp-${responseCode}`);
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) return new RelayFailure('temporary', `smtp-${responseCode}`);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new RelayFailure('permanent', code.toLowerCase().slice(1));
  // No SMTP reply at all (ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, ...): the relay is not reachable.
  return new RelayFailure('unavailable', 'connection');
}

/** The one SMTP client: a pooled nodemailer transport to SMTP_URL. Nothing else talks SMTP. */
@Injectable()
export class SmtpRelay implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(SERVICE_CONFIG) config: AppConfig) {
    this.transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      maxMessages: Infinity,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // STARTTLS is then required, and the certificate is always verified when TLS is used.
      requireTLS: config.SMTP_REQUIRE_TLS,
      tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(config.SMTP_TLS_CA_FILE ? { ca: config.SMTP_TLS_CA_FILE } : {}) },
      // nodemailer's own logging would print addresses and subjects.
      logger: false,
      debug: false,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(message: SendMailOptions): Promise<void> {
    try {
      await this.transport.sendMail(message);
    } catch (err) {
      throw classifyRelayError(err);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
