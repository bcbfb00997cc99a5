import { describe, expect, it } from 'vitest';
import { createMemoryLogger, redact } from '../../server/runtime/logger.js';

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
