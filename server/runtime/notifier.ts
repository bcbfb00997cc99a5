// Tells the site owner when an account changes status (token expired, reconnect needed, healthy again):
// a log line always, a JSON POST to NOTIFY_WEBHOOK_URL and an email when configured. Callers invoke it
// once per status *change*, never per request, so a failing feed cannot flood anyone's inbox.
import type { Transporter } from 'nodemailer';
import { request } from 'undici';
import type { AccountStatus } from '../accounts/types.js';
import type { Logger } from './logger.js';

export interface StatusChange {
  accountId: string;
  username: string;
  from: AccountStatus;
  to: AccountStatus;
  /** Human sentence; never contains a token. */
  reason: string;
  at: string;
}

export interface Notifier {
  /** Never throws: delivery failures are logged. */
  statusChanged(change: StatusChange): Promise<void>;
}

export interface NotifierOptions {
  logger: Logger;
  publicUrl: string;
  webhookUrl?: string;
  smtpUrl?: string;
  email?: string;
  /** Webhook attempts before giving up. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const NEEDS_ACTION: ReadonlySet<AccountStatus> = new Set(['expired', 'reconnect_required']);

export function createNotifier(options: NotifierOptions): Notifier {
  const { logger, publicUrl, webhookUrl, smtpUrl, email } = options;
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms).unref()));
  // nodemailer loads only when SMTP is configured; a failed load is logged once and mail is skipped.
  const mailer: Promise<Transporter | undefined> | undefined =
    smtpUrl && email
      ? import('nodemailer').then(
          ({ createTransport }) => createTransport(smtpUrl),
          error => {
            logger.error('Email notifications are off: nodemailer could not be loaded', { error: (error as Error).message });
            return undefined;
          },
        )
      : undefined;

  async function postWebhook(url: string, change: StatusChange): Promise<void> {
    const payload = JSON.stringify({ event: 'account.status_changed', ...change, reconnectUrl: `${publicUrl}/` });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'instagram-feed' },
          body: payload,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        await response.body.dump();
        if (response.statusCode < 300) return;
        if (response.statusCode < 500 && response.statusCode !== 429) {
          logger.warn('Webhook refused the notification', { status: response.statusCode });
          return;
        }
      } catch (error) {
        if (attempt === attempts) logger.warn('Webhook notification failed', { error: (error as Error).message });
      }
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1));
    }
    logger.warn('Webhook notification gave up', { attempts, accountId: change.accountId });
  }

  async function sendEmail(to: string, change: StatusChange): Promise<void> {
    const needsAction = NEEDS_ACTION.has(change.to);
    const subject = needsAction
      ? `Your Instagram feed for @${change.username} needs reconnecting`
      : `Your Instagram feed for @${change.username} is ${change.to === 'active' ? 'working again' : change.to.replace('_', ' ')}`;
    const text = needsAction
      ? `Hello,\n\nThe Instagram feed for @${change.username} stopped updating: ${change.reason}\n\n` +
        `Visitors still see the last posts we fetched. To resume updates, open ${publicUrl}/ and press "Connect Instagram" ` +
        `with the @${change.username} account.\n\n- instagram-feed\n`
      : `Hello,\n\nThe Instagram feed for @${change.username} is now ${change.to}. ${change.reason}\n\n- instagram-feed\n`;
    try {
      const transport = await mailer;
      if (!transport) return;
      await transport.sendMail({ from: `instagram-feed <no-reply@${new URL(publicUrl).hostname}>`, to, subject, text });
    } catch (error) {
      logger.warn('Email notification failed', { error: (error as Error).message });
    }
  }

  return {
    async statusChanged(change) {
      const log = NEEDS_ACTION.has(change.to) ? logger.warn : logger.info;
      log(`Account @${change.username} is now ${change.to} (was ${change.from}): ${change.reason}`);
      await Promise.all([webhookUrl ? postWebhook(webhookUrl, change) : undefined, mailer && email ? sendEmail(email, change) : undefined]);
    },
  };
}
