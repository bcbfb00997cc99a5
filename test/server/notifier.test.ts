import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/runtime/logger.js';
import { createNotifier, type StatusChange } from '../../server/runtime/notifier.js';

const change: StatusChange = {
  accountId: '17841400000000001',
  username: 'northshore.coffee',
  from: 'active',
  to: 'reconnect_required',
  reason: 'Instagram no longer accepts the access token; reconnect the account.',
  at: '2026-11-28T12:00:00.000Z',
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function webhookServer(statuses: number[]) {
  const received: unknown[] = [];
  const app = express().post('/hook', express.json(), (req, res) => {
    received.push(req.body);
    res.sendStatus(statuses.shift() ?? 204);
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('notifier', () => {
  it('logs every status change', async () => {
    const logger = createMemoryLogger();
    await createNotifier({ logger, publicUrl: 'http://localhost:3000' }).statusChanged(change);
    expect(logger.lines.join()).toMatch(/@northshore.coffee is now reconnect_required \(was active\)/);
  });

  it('POSTs JSON to the webhook, retrying 5xx a few times', async () => {
    const hook = await webhookServer([503, 500]);
    const notifier = createNotifier({ logger: createMemoryLogger(), publicUrl: 'http://localhost:3000', webhookUrl: hook.url, sleep: async () => {} });
    await notifier.statusChanged(change);
    expect(hook.received).toHaveLength(3);
    expect(hook.received[2]).toMatchObject({
      event: 'account.status_changed',
      username: 'northshore.coffee',
      to: 'reconnect_required',
      reconnectUrl: 'http://localhost:3000/',
    });
  });

  it('gives up quietly after its attempts', async () => {
    const hook = await webhookServer([500, 500, 500, 500, 500]);
    const logger = createMemoryLogger();
    await createNotifier({ logger, publicUrl: 'http://x', webhookUrl: hook.url, attempts: 3, sleep: async () => {} }).statusChanged(change);
    expect(hook.received).toHaveLength(3);
    expect(logger.lines.join()).toMatch(/gave up/);
  });

  it('emails the owner through SMTP with a reconnect link', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', chunk => (text += chunk));
        stream.on('end', () => (mails.push(text), callback()));
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    closers.push(() => new Promise(resolve => smtp.close(() => resolve())));
    const port = (smtp.server.address() as AddressInfo).port;

    const notifier = createNotifier({
      logger: createMemoryLogger(),
      publicUrl: 'https://feeds.example.com',
      smtpUrl: `smtp://127.0.0.1:${port}`,
      email: 'owner@example.com',
    });
    await notifier.statusChanged(change);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/Subject: Your Instagram feed for @northshore.coffee needs reconnecting/);
    expect(mails[0]).toMatch(/To: owner@example.com/);
    expect(mails[0]).toContain('https://feeds.example.com/');
  });
});
