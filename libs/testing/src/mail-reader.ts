import { TEST_STACK_ENV } from './test-stack';
import { waitFor } from './wait-for';

/** A mail as MailDev caught it (its REST API, GET /email). */
export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  /** Header names in lower case. */
  headers: Record<string, string>;
  messageId: string;
  date: string;
}

/**
 * Reads mail from MailDev: what a person's inbox would show. The test MailDev is shared by every
 * test file, so reads are always by recipient address (each test's people have their own).
 */
export class MailReader {
  constructor(readonly webUrl: string = MailReader.testUrl()) {}

  static testUrl(): string {
    const url = process.env[TEST_STACK_ENV.maildevUrl];
    if (!url) throw new Error(`${TEST_STACK_ENV.maildevUrl} is not set: run e2e tests through jest (its global setup starts MailDev)`);
    return url;
  }

  /** Every mail to `address` (case-insensitive), oldest first. */
  async mailsTo(address: string): Promise<CaughtMail[]> {
    const wanted = address.toLowerCase();
    const response = await fetch(`${this.webUrl}/email?${new URLSearchParams({ 'to.address': wanted })}`);
    if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
    const all = (await response.json()) as CaughtMail[];
    // MailDev matches the query exactly; keep a case-insensitive check in case an address was written with capitals.
    return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === wanted)).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Waits until `address` has at least `count` mails matching `match`; returns those. */
  async waitForMails(address: string, match: (mail: CaughtMail) => boolean = () => true, count = 1, timeoutMs = 30_000): Promise<CaughtMail[]> {
    return waitFor(
      async () => (await this.mailsTo(address)).filter(match),
      (mails) => mails.length >= count,
      { timeoutMs, intervalMs: 200, what: `${count} mail(s) to ${address}` },
    );
  }

  async waitForMail(address: string, match: (mail: CaughtMail) => boolean = () => true, timeoutMs = 30_000): Promise<CaughtMail> {
    const mails = await this.waitForMails(address, match, 1, timeoutMs);
    return mails[mails.length - 1];
  }

  /** The one mail with this X-Sargs-Template header (the last, if several). */
  waitForTemplate(address: string, template: string, timeoutMs = 30_000): Promise<CaughtMail> {
    return this.waitForMail(address, (m) => m.headers['x-sargs-template'] === template, timeoutMs);
  }

  /** Mails caught in total (a count over the whole MailDev). */
  async count(): Promise<number> {
    const response = await fetch(`${this.webUrl}/email`);
    return ((await response.json()) as unknown[]).length;
  }
}

/** The token of a mailed link `<origin>/<path>?token=<token>`, as a person clicking it would send it. */
export function tokenFromMail(mail: CaughtMail, path: string): string {
  const match = new RegExp(`${path.replace(/[/.]/g, '\\$&')}\\?token=([^\\s"'<>&]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path}?token= link in mail "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}
