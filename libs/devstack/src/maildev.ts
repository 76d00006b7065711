import { closeSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { hasExited, logTail, openLog, sleep, spawnTracked, stopChild } from './processes';

export interface MailDevOptions {
  smtpPort?: number;
  webPort?: number;
  /** Where caught mails are kept; a dev stack keeps them across restarts. */
  mailDir: string;
  /** MailDev's own output. */
  logFile: string;
  startTimeoutMs?: number;
  /** Own process group, so a terminal's Ctrl+C reaches only the owner, which stops us in order. */
  detached?: boolean;
  /** SMTP over TLS (smtps://, implicit TLS) with this certificate, as a relay outside development would want. */
  tls?: { certFile: string; keyFile: string };
  /** SMTP login; without TLS, MailDev then also turns STARTTLS off (a relay that offers no TLS at all). */
  auth?: { user: string; pass: string };
}

export interface MailDev {
  smtpUrl: string;
  /** Web UI and REST API (GET /email lists caught mails). */
  webUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Whether the SMTP port takes a connection. With TLS the probe completes the handshake: MailDev
 * exits on a socket that closes while TLS is being set up.
 */
function acceptsConnection(port: number, secure: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = secure ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect({ port, host: '127.0.0.1' });
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** A MailDev child process that catches every mail the apps send; ready when this resolves. */
export async function startMailDev(options: MailDevOptions): Promise<MailDev> {
  const { smtpPort = 1025, webPort = 1080, startTimeoutMs = 30_000, detached = false } = options;
  const bin = path.join(path.dirname(require.resolve('maildev/package.json')), 'bin', 'maildev');
  mkdirSync(options.mailDir, { recursive: true });
  const log = openLog(options.logFile, `MailDev on 127.0.0.1:${smtpPort} (web ${webPort})`);
  const args = [bin, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--smtp', String(smtpPort), '--web', String(webPort), '--mail-directory', options.mailDir];
  if (options.tls) args.push('--incoming-secure', '--incoming-cert', options.tls.certFile, '--incoming-key', options.tls.keyFile);
  if (options.auth) args.push('--incoming-user', options.auth.user, '--incoming-pass', options.auth.pass);
  const child = spawnTracked(process.execPath, args, { stdio: ['ignore', log, log], detached });
  closeSync(log);
  const stop = (): Promise<void> => stopChild(child, { signal: 'SIGTERM', graceMs: 5_000 });

  const webUrl = `http://127.0.0.1:${webPort}`;
  const deadline = Date.now() + startTimeoutMs;
  while (!((await answers(`${webUrl}/email`)) && (await acceptsConnection(smtpPort, options.tls !== undefined)))) {
    const failure = hasExited(child) ? 'MailDev exited during start-up' : Date.now() > deadline ? `MailDev did not answer within ${startTimeoutMs / 1000} s` : undefined;
    if (failure) {
      await stop();
      throw new Error(`${failure}. ${options.logFile}:\n${logTail(options.logFile)}`);
    }
    await sleep(250);
  }
  const login = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return { smtpUrl: `${options.tls ? 'smtps' : 'smtp'}://${login}127.0.0.1:${smtpPort}`, webUrl, pid: child.pid as number, stop };
}
