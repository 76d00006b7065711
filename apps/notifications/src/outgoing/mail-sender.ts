import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailDelivered, MailDeliveryFailed } from '@sargs/contracts';
import { EventPublisher, retryDelayMs } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import type { ClaimedMail } from './claimed-mail';
import { BroadcastRepository } from '../broadcasts/broadcast.repository';
import { OutgoingMailRepository, type MailOutcome } from './outgoing-mail.repository';
import { MailComposer, NotSendable, type BroadcastContent } from './mail-composer';
import { mailRetries, mailsFinished, relayAvailable } from './mail-metrics';
import { RelayFailure, SmtpRelay, classifyRelayError } from './smtp-relay';
import { SendPacer } from './send-pacer';
import { WakeableSleep } from './wakeable-sleep';

/** The longest the sender waits for a relay that went away before trying it again. */
const MAX_RELAY_PAUSE_MS = 30_000;

/**
 * Drains the outgoing queue: claims due mails in rounds, renders each at send time (closure and
 * consent are checked then, not only when queued), hands it to the relay at the configured rate,
 * and records every outcome with its delivery event in one transaction. A relay that refuses
 * connections pauses the sender instead of burning every mail's attempts; a stop finishes the
 * round in flight, so a restart neither loses nor repeats a mail.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop?: Promise<void>;
  private readonly sleeper = new WakeableSleep();
  private relayPauseMs = 0;
  private staleCheckedAt = 0;
  private readonly pacer: SendPacer;
  private readonly broadcasts = new Map<string, BroadcastContent>();
  /** The previous round's outcomes being written while the next round sends. */
  private recording: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly mails: OutgoingMailRepository,
    private readonly broadcastTexts: BroadcastRepository,
    private readonly composer: MailComposer,
    private readonly relay: SmtpRelay,
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.pacer = new SendPacer(config.MAIL_RATE_PER_SECOND);
  }

  onApplicationBootstrap(): void {
    relayAvailable.set(1);
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.loop;
    await this.recording;
  }

  /** New mail is queued: look now rather than at the next poll. */
  wake(): void {
    this.sleeper.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.releaseStaleClaims();
        const claimed = await this.mails.claim(this.config.MAIL_BATCH_SIZE);
        if (claimed.length === 0) {
          await this.idle(this.config.MAIL_POLL_INTERVAL_MS);
          continue;
        }
        const relayWentAway = await this.sendRound(claimed);
        if (relayWentAway) {
          this.relayPauseMs = Math.min(MAX_RELAY_PAUSE_MS, Math.max(500, this.relayPauseMs * 2));
          relayAvailable.set(0);
          this.logger.warn({ pauseMs: this.relayPauseMs }, 'mail relay unavailable; sender paused, mails wait');
          await this.idle(this.relayPauseMs);
        } else if (this.relayPauseMs > 0) {
          this.relayPauseMs = 0;
          relayAvailable.set(1);
          this.logger.info('mail relay available again');
        }
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message } }, 'mail sender round failed; claimed mails are retried after their lease');
        await this.idle(1_000);
      }
    }
    await this.recording;
  }

  /**
   * Records a round while the next one is claimed and sent (the write is off the sending path).
   * At most one write is outstanding: the next waits for it, so outcomes commit in round order.
   */
  private recordInBackground(claimed: ClaimedMail[], outcomes: MailOutcome[]): Promise<void> {
    const previous = this.recording;
    this.recording = previous.then(() =>
      this.recordRound(claimed, outcomes).catch((err: Error) =>
        this.logger.warn({ err: { message: err.message } }, 'recording a mail round failed; its mails are retried after their lease'),
      ),
    );
    return previous;
  }

  /** Sends one claimed round; true when the relay stopped taking connections part-way. */
  private async sendRound(claimed: ClaimedMail[]): Promise<boolean> {
    const outcomes: MailOutcome[] = [];
    let relayWentAway = false;
    const waiting = [...claimed];
    const lane = async (): Promise<void> => {
      for (let mail = waiting.shift(); mail; mail = waiting.shift()) {
        if (relayWentAway || this.stopping) {
          outcomes.push({ id: mail.id, status: 'pending', code: null, unattempted: true });
          continue;
        }
        const outcome = await this.deliver(mail);
        if (outcome.code === 'connection') relayWentAway = true;
        outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(claimed.length, this.config.SMTP_MAX_CONNECTIONS * 2) }, lane));
    await this.recordInBackground(claimed, outcomes);
    return relayWentAway;
  }

  private async deliver(mail: ClaimedMail): Promise<MailOutcome> {
    let message;
    try {
      message = this.composer.compose(mail, mail.broadcastId ? await this.broadcastContent(mail.broadcastId) : undefined);
    } catch (err) {
      if (err instanceof NotSendable) {
        return err.outcome === 'cancel' ? { id: mail.id, status: 'cancelled', code: err.code } : this.retryOrFail(mail, err.code);
      }
      // A token that no longer opens (a rotated key) or a broken template: trying again will not help.
      this.logger.error({ mailId: mail.id, template: mail.template, err: { name: (err as Error).name } }, 'mail could not be rendered');
      return { id: mail.id, status: 'failed', code: 'render' };
    }
    await this.pacer.take();
    try {
      await this.relay.send(message);
      return { id: mail.id, status: 'sent', code: null };
    } catch (err) {
      const failure = err instanceof RelayFailure ? err : classifyRelayError(err);
      if (failure.kind === 'permanent') return { id: mail.id, status: 'failed', code: failure.code };
      return this.retryOrFail(mail, failure.code);
    }
  }

  private retryOrFail(mail: ClaimedMail, code: string): MailOutcome {
    if (mail.attempts >= this.config.MAIL_MAX_ATTEMPTS) return { id: mail.id, status: 'failed', code };
    mailRetries.inc({ code });
    const delay = retryDelayMs(mail.attempts, this.config.MAIL_RETRY_BASE_MS, this.config.MAIL_RETRY_MAX_MS);
    return { id: mail.id, status: 'pending', code, retryAt: new Date(Date.now() + delay) };
  }

  /** Outcomes and their delivery events commit together (R17: who was notified, and when). */
  private async recordRound(claimed: ClaimedMail[], outcomes: MailOutcome[]): Promise<void> {
    const byId = new Map(claimed.map((m) => [m.id, m]));
    const at = new Date().toISOString();
    await this.dataSource.transaction(async (manager) => {
      await this.mails.record(manager, outcomes);
      const delivery = (outcome: MailOutcome) => {
        const mail = byId.get(outcome.id) as ClaimedMail;
        const payload = { mailId: mail.id, accountId: mail.accountId, category: mail.category, template: mail.template, broadcastId: mail.broadcastId, attempts: mail.attempts, at };
        return { subjectId: mail.accountId, payload };
      };
      await this.publisher.publishAll(manager, MailDelivered, outcomes.filter((o) => o.status === 'sent').map(delivery));
      await this.publisher.publishAll(
        manager,
        MailDeliveryFailed,
        outcomes.filter((o) => o.status === 'failed').map((o) => {
          const { subjectId, payload } = delivery(o);
          return { subjectId, payload: { ...payload, reason: o.code ?? 'unknown' } };
        }),
      );
    });
    for (const outcome of outcomes) {
      const mail = byId.get(outcome.id);
      if (mail && outcome.status !== 'pending') mailsFinished.inc({ category: mail.category, outcome: outcome.status });
    }
  }

  private async broadcastContent(id: string): Promise<BroadcastContent | undefined> {
    const cached = this.broadcasts.get(id);
    if (cached) return cached;
    const content = await this.broadcastTexts.content(id);
    // A broadcast's content never changes; a handful are live at a time.
    if (this.broadcasts.size > 100) this.broadcasts.clear();
    if (content) this.broadcasts.set(id, content);
    return content;
  }

  private async releaseStaleClaims(): Promise<void> {
    const lease = this.config.MAIL_SEND_LEASE_MS;
    if (Date.now() - this.staleCheckedAt < Math.max(5_000, lease / 4)) return;
    this.staleCheckedAt = Date.now();
    const released = await this.mails.releaseStale(lease);
    if (released > 0) this.logger.warn({ released }, 'took over mails claimed by a sender that stopped; they may go out a second time');
  }

  private idle(ms: number): Promise<void> {
    return this.stopping ? Promise.resolve() : this.sleeper.sleep(ms);
  }
}
