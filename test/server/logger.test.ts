import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, type LoggerOptions, redact } from '../../server/runtime/logger.js';

describe('redact', () => {
  it('removes tokens, secrets, codes and signed requests wherever they appear in a string', () => {
    const text =
      'GET https://graph.instagram.com/v23.0/me/media?fields=id&access_token=IGAAsecret123&after=x ' +
      'POST body client_secret=shh-very-secret&code=AQDcode#_ signed_request=abc.def ' +
      '{"access_token":"IGAAjson456","token":"IGAAother789"} Authorization: Bearer IGAAbearer000';
    const clean = redact(text);
    for (const secret of ['IGAAsecret123', 'shh-very-secret', 'AQDcode', 'abc.def', 'IGAAjson456', 'IGAAother789', 'IGAAbearer000']) {
      expect(clean).not.toContain(secret);
    }
    expect(clean).toContain('access_token=[REDACTED]');
    expect(clean).toContain('fields=id');
  });

  it('removes known secret values even without a telltale name', () => {
    expect(redact('failed with EAACEdEose0xyz in it', ['EAACEdEose0xyz'])).toBe('failed with [REDACTED] in it');
  });

  it('is applied to every log line, fields included', () => {
    const logger = createMemoryLogger();
    logger.error('upstream said https://x/?access_token=IGAAleak1', { url: 'https://x/?client_secret=leak2' });
    expect(logger.lines.join()).not.toMatch(/IGAAleak1|leak2/);
  });
});

describe('createLogger', () => {
  const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  const capture = (options: Omit<LoggerOptions, 'write'> = {}) => {
    const lines: string[] = [];
    return { lines, logger: createLogger({ ...options, write: line => lines.push(line) }) };
  };

  it('writes text lines by default: time, LEVEL, message, then the fields as JSON', () => {
    const { lines, logger } = capture();
    logger.info('store opened', { accounts: 2 });
    logger.warn('no fields');
    expect(lines).toHaveLength(2);
    const [time, rest] = [lines[0]!.slice(0, 24), lines[0]!.slice(25)];
    expect(time).toMatch(TIME);
    expect(rest).toBe('INFO store opened {"accounts":2}');
    expect(lines[1]).toMatch(/^\S+ WARN no fields$/);
  });

  it('writes one JSON object per line in json format: time, level, msg and the fields merged in', () => {
    const { lines, logger } = capture({ format: 'json' });
    logger.error('sync failed', { account: 'northshore.coffee', error: new Error('boom'), level: 'forged', msg: 'forged' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const line = JSON.parse(lines[0]!);
    expect(line).toEqual({
      time: expect.stringMatching(TIME),
      level: 'error',
      msg: 'sync failed',
      account: 'northshore.coffee',
      error: { name: 'Error', message: 'boom' },
    });
  });

  it('drops the lines below its level (info by default) and says which levels it writes', () => {
    const byDefault = capture();
    byDefault.logger.debug('hidden');
    byDefault.logger.info('shown');
    expect(byDefault.lines).toEqual([expect.stringContaining('INFO shown')]);
    expect(byDefault.logger.enabled('debug')).toBe(false);
    expect(byDefault.logger.enabled('info')).toBe(true);

    const warn = capture({ level: 'warn', format: 'json' });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) warn.logger[level](level);
    expect(warn.lines.map(line => JSON.parse(line).level)).toEqual(['warn', 'error']);

    const debug = capture({ level: 'debug' });
    debug.logger.debug('shown');
    expect(debug.lines).toEqual([expect.stringContaining('DEBUG shown')]);
    expect(debug.logger.enabled('debug')).toBe(true);
  });

  it.each(['text', 'json'] as const)('redacts the whole %s line: message, fields, a JSON body inside a field, escaped secrets', format => {
    const secret = 'sess"ion\\secret-value';
    const { lines, logger } = capture({ format, secrets: () => [secret] });
    logger.error('upstream said https://x/?access_token=IGAAmessage1', {
      url: 'https://x/?client_secret=IGAAfield2',
      body: '{"error":{"message":"bad"},"access_token":"IGAAnested3","token":"IGAAnested4"}',
      header: 'Bearer IGAAbearer5',
      note: `the session secret is ${secret}`,
    });
    logger.info(`json in the message: {"token":"IGAAmessage6"} and ${secret}`);
    const out = lines.join('\n');
    for (const leak of ['IGAAmessage1', 'IGAAfield2', 'IGAAnested3', 'IGAAnested4', 'IGAAbearer5', 'IGAAmessage6', 'ion\\', 'secret-value']) {
      expect(out).not.toContain(leak);
    }
    expect(out).toContain('[REDACTED]');
    if (format === 'json') for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
