import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InstagramClient } from '../../server/instagram/client.js';
import { InstagramApiError } from '../../server/instagram/api-error.js';
import { InstagramAuthError } from '../../server/instagram/auth-error.js';
import { InstagramMalformedResponseError } from '../../server/instagram/malformed-response-error.js';
import { InstagramNetworkError } from '../../server/instagram/network-error.js';
import { InstagramRateLimitError } from '../../server/instagram/rate-limit-error.js';
import { API, CLIENT_SECRET, GRAPH, testConfig } from './helpers/setup.js';

const TOKEN = 'IGAAlong-lived-token-abcdef123456';
const client = new InstagramClient({ ...testConfig('/tmp/unused').instagram, timeoutMs: 300 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Every error message and every enumerable field: none may contain a secret. */
function everything(error: unknown): string {
  return `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${String((error as Error).cause ?? '')}`;
}

describe('InstagramClient', () => {
  describe('exchangeCode', () => {
    it('accepts the flat shape with an unquoted 17-digit user_id and permissions as an array', async () => {
      nock(API)
        .post('/oauth/access_token', body => body.code === 'the-code' && body.grant_type === 'authorization_code' && body.client_secret === CLIENT_SECRET)
        .reply(200, '{"access_token":"IGAAshort","user_id":27281358591558845,"permissions":["instagram_business_basic"]}', {
          'content-type': 'application/json',
        });
      expect(await client.exchangeCode('the-code')).toEqual({
        accessToken: 'IGAAshort',
        userId: '27281358591558845',
        permissions: ['instagram_business_basic'],
      });
    });

    it('accepts the documented {data:[...]} shape with permissions as a string', async () => {
      nock(API)
        .post('/oauth/access_token')
        .reply(200, { data: [{ access_token: 'EAACshort', user_id: '1020', permissions: 'instagram_business_basic,instagram_business_manage_messages' }] });
      expect(await client.exchangeCode('c')).toEqual({
        accessToken: 'EAACshort',
        userId: '1020',
        permissions: ['instagram_business_basic', 'instagram_business_manage_messages'],
      });
    });

    it('maps the OAuth host error envelope', async () => {
      nock(API)
        .post('/oauth/access_token')
        .reply(400, { error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' });
      const error = await client.exchangeCode('used').catch(e => e);
      expect(error).toBeInstanceOf(InstagramApiError);
      expect(error).toMatchObject({ status: 400, code: 400, type: 'OAuthException', detail: 'Matching code was not found or was already used' });
      expect(error.message).toBe('Instagram API request failed with status 400 (code 400): POST /oauth/access_token');
      expect(everything(error)).not.toContain(CLIENT_SECRET);
    });
  });

  it('exchanges for a long-lived token and refreshes it with GET', async () => {
    nock(GRAPH)
      .get('/access_token')
      .query({ grant_type: 'ig_exchange_token', client_secret: CLIENT_SECRET, access_token: 'IGAAshort' })
      .reply(200, { access_token: TOKEN, token_type: 'bearer', expires_in: 5183944 });
    nock(GRAPH)
      .get('/refresh_access_token')
      .query({ grant_type: 'ig_refresh_token', access_token: TOKEN })
      .reply(200, { access_token: 'IGAAnewer', token_type: 'bearer', expires_in: 5127758, permissions: 'instagram_business_basic' });
    expect(await client.exchangeForLongLivedToken('IGAAshort')).toEqual({ accessToken: TOKEN, expiresIn: 5183944 });
    expect(await client.refreshToken(TOKEN)).toEqual({ accessToken: 'IGAAnewer', expiresIn: 5127758 });
  });

  it('reads /me on the versioned path, flat or wrapped', async () => {
    nock(GRAPH)
      .get('/v23.0/me')
      .query(q => q.access_token === TOKEN && String(q.fields).includes('user_id') && String(q.fields).includes('biography'))
      .reply(200, '{"id":"27281358591558845","user_id":17841400000000001,"username":"a","account_type":"MEDIA_CREATOR"}')
      .get('/v23.0/me')
      .query(true)
      .reply(200, { data: [{ user_id: '17841400000000002', username: 'b' }] });
    expect(await client.getProfile(TOKEN)).toMatchObject({ user_id: '17841400000000001', username: 'a', account_type: 'MEDIA_CREATOR' });
    expect(await client.getProfile(TOKEN)).toMatchObject({ user_id: '17841400000000002', username: 'b' });
  });

  describe('listMedia', () => {
    it('asks for children in the same request and keeps only the after cursor, never the next URL', async () => {
      nock(GRAPH)
        .get('/v23.0/me/media')
        .query(q => q.limit === '12' && q.after === 'QVFIcursor0' && String(q.fields).includes('children{id,media_type,media_url,thumbnail_url,alt_text}'))
        .reply(200, {
          data: [{ id: '1', media_type: 'IMAGE' }],
          paging: {
            cursors: { before: 'QVFIbefore', after: 'QVFIafter1' },
            next: `${GRAPH}/v23.0/me/media?access_token=${TOKEN}&limit=12&after=QVFIafter1`,
          },
        });
      const page = await client.listMedia(TOKEN, { limit: 12, after: 'QVFIcursor0' });
      expect(page).toEqual({ data: [{ id: '1', media_type: 'IMAGE' }], after: 'QVFIafter1' });
      expect(JSON.stringify(page)).not.toContain(TOKEN);
    });

    it('reports no next page when Instagram sends no next URL', async () => {
      nock(GRAPH)
        .get('/v23.0/me/media')
        .query(true)
        .reply(200, { data: [], paging: { cursors: { before: 'a', after: 'b' } } });
      expect((await client.listMedia(TOKEN, { limit: 12 })).after).toBeNull();
    });

    it('reports quota headers from every response', async () => {
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(
        200,
        { data: [] },
        {
          'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":5}',
          'x-business-use-case-usage':
            '{"17841400000000001":[{"type":"instagram","call_count":85,"total_cputime":2,"total_time":4,"estimated_time_to_regain_access":0}]}',
        },
      );
      const seen: unknown[] = [];
      await client.listMedia(TOKEN, { limit: 5 }, { onUsage: usage => seen.push(usage) });
      expect(seen).toEqual([{ percent: 85, regainAccessMs: null }]);
    });
  });

  describe('errors', () => {
    const graphError = (code: number, subcode?: number, message = 'msg') => ({
      error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbCd' },
    });

    it('maps 190/463 to an expired InstagramAuthError without the token anywhere', async () => {
      nock(GRAPH)
        .get('/v23.0/me/media')
        .query(true)
        .reply(400, graphError(190, 463, `Error validating access token: Session has expired on Tuesday (token ${TOKEN})`));
      const error = await client.listMedia(TOKEN, { limit: 1 }).catch(e => e);
      expect(error).toBeInstanceOf(InstagramAuthError);
      expect(error).toMatchObject({ status: 400, code: 190, subcode: 463, fbtraceId: 'AbCd', expired: true, transient: false });
      expect(error.message).toBe('Instagram API request failed with status 400 (code 190/463): GET /v23.0/me/media');
      expect(everything(error)).not.toContain(TOKEN);
    });

    it('maps 190/460 (invalidated) to a non-expired auth error', async () => {
      nock(GRAPH).get('/v23.0/me').query(true).reply(400, graphError(190, 460));
      expect(await client.getProfile(TOKEN).catch(e => e)).toMatchObject({ name: 'InstagramAuthError', expired: false });
    });

    it.each([4, 17, 32, 613, 80002])('maps code %i to InstagramRateLimitError with the regain time', async code => {
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(400, graphError(code), {
        'x-business-use-case-usage': '{"1":[{"type":"instagram","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":7}]}',
      });
      const error = await client.listMedia(TOKEN, { limit: 1 }).catch(e => e);
      expect(error).toBeInstanceOf(InstagramRateLimitError);
      expect(error.retryAfterMs).toBe(7 * 60_000);
    });

    it('maps 5xx to a transient InstagramApiError', async () => {
      nock(GRAPH)
        .get('/v23.0/me/media')
        .query(true)
        .reply(500, { error: { message: 'An unexpected error has occurred', type: 'IGApiException', code: 2, is_transient: true } });
      const error = await client.listMedia(TOKEN, { limit: 1 }).catch(e => e);
      expect(error).toBeInstanceOf(InstagramApiError);
      expect(error.transient).toBe(true);
    });

    it('maps malformed JSON to InstagramMalformedResponseError and timeouts to InstagramNetworkError', async () => {
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, '{"data":[{"id":"1"', { 'content-type': 'application/json' });
      const malformed = await client.listMedia(TOKEN, { limit: 1 }).catch(e => e);
      expect(malformed).toBeInstanceOf(InstagramMalformedResponseError);
      expect(malformed).not.toBeInstanceOf(InstagramNetworkError);
      expect(malformed.transient).toBe(true);
      nock(GRAPH).get('/v23.0/me/media').query(true).delay(2_000).reply(200, { data: [] });
      const error = await client.listMedia(TOKEN, { limit: 1 }).catch(e => e);
      expect(error).toBeInstanceOf(InstagramNetworkError);
      expect(error.message).toMatch(/timed out after 300 ms/);
      expect(everything(error)).not.toContain(TOKEN);
    });

    it('maps a refused connection to InstagramNetworkError naming only the path', async () => {
      const error = await client.refreshToken(TOKEN).catch(e => e); // no interceptor: nock refuses the connection
      expect(error).toBeInstanceOf(InstagramNetworkError);
      expect(error.message).toMatch(/: GET \/refresh_access_token$/);
      expect(everything(error)).not.toContain(TOKEN);
    });
  });

  describe('observe', () => {
    it('tells observers of each call by endpoint and outcome, a reading error included, until they stop', async () => {
      const calls: unknown[] = [];
      const stop = client.observe(call => calls.push(call));
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, { data: [], paging: {} });
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, { data: 'not a list' });
      nock(GRAPH)
        .get('/v23.0/me')
        .query(true)
        .reply(400, { error: { message: 'Invalid OAuth access token', code: 190 } });
      await client.listMedia(TOKEN, { limit: 1 });
      await client.listMedia(TOKEN, { limit: 1 }).catch(() => undefined);
      await client.getProfile(TOKEN).catch(() => undefined);
      stop();
      nock(GRAPH).get('/v23.0/me').query(true).reply(200, { id: '1' });
      await client.getProfile(TOKEN);
      expect(calls).toEqual([
        { endpoint: 'media', outcome: 'ok', seconds: expect.any(Number) },
        { endpoint: 'media', outcome: 'malformed', seconds: expect.any(Number) },
        { endpoint: 'me', outcome: 'auth_error', seconds: expect.any(Number) },
      ]);
      expect(JSON.stringify(calls)).not.toContain(TOKEN);
    });
  });
});
