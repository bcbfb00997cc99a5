import type { Request, RequestHandler, Response } from 'express';
import { GraphErrors, isReply, jsonReply } from './replies.js';
import type { Reply } from './replies.js';
import { FieldsSyntaxError, parseFields } from './fields.js';
import type { FieldNode } from './fields.js';
import { lookupAccount, lookupMedia } from './bench-account.js';
import type { FixtureAccount } from './fixtures.js';
import { UnknownFieldError, checkFields, renderChild, renderMedia, renderUser } from './graph-nodes.js';
import type { RenderScope } from './graph-nodes.js';
import { pageRequest, paginate, pagingObject } from './paging.js';
import { accessTokenOf, endpoint, param, send } from './pipeline.js';
import type { EmulatorContext } from './pipeline.js';
import { checkAccessToken, exchangeHandler, refreshHandler } from './token-routes.js';

// graph.instagram.com: one handler for every path, with or without a `/vNN.N` prefix, so unknown paths and
// methods get Graph's envelopes rather than Express's HTML 404.

/** A Graph path split into its version prefix ('' when absent) and decoded segments. */
interface GraphRoute {
  version: string;
  segments: string[];
}

/** The parts of a `/<id>[/<edge>]` path the handlers need. */
interface NodeRoute {
  version: string;
  id: string;
  edge: string;
}

function parseRoute(path: string): GraphRoute | undefined {
  const match = /^(\/v\d{1,3}\.\d{1,3})?((?:\/[^/]*)*)$/.exec(path);
  if (!match) return undefined;
  try {
    return { version: match[1] ?? '', segments: match[2]!.split('/').filter(Boolean).map(decodeURIComponent) };
  } catch {
    return undefined;
  }
}

const routeOf = (res: Response) => (res.locals as { route: GraphRoute }).route;

/** The token's account, or the Graph error to answer with. */
function authenticate(ctx: EmulatorContext, req: Request): FixtureAccount | Reply {
  const record = checkAccessToken(ctx, accessTokenOf(req));
  if (isReply(record)) return record;
  return lookupAccount(ctx, record.accountId) ?? GraphErrors.cannotParseToken();
}

function fieldsOf(req: Request, nodeType: 'User' | 'Media'): FieldNode[] | Reply {
  try {
    const fields = parseFields(param(req, 'fields') ?? '');
    checkFields(fields, nodeType);
    return fields;
  } catch (error) {
    if (error instanceof FieldsSyntaxError) return GraphErrors.invalidParameter(error.message);
    if (error instanceof UnknownFieldError) return GraphErrors.nonexistingField(error.field, error.nodeType);
    throw error;
  }
}

/** Runs `body` for an authenticated GET; everything else is answered the Graph way. */
function node(ctx: EmulatorContext, body: (req: Request, account: FixtureAccount, scope: RenderScope, route: NodeRoute) => Reply) {
  return (req: Request, res: Response) => {
    const { version, segments } = routeOf(res);
    const route = { version, id: segments[0] ?? '', edge: segments[1] ?? '' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(ctx, res, GraphErrors.unknownObject(req.method, route.id));
    }
    const account = authenticate(ctx, req);
    if (isReply(account)) return send(ctx, res, account);
    send(ctx, res, body(req, account, { ctx, base: ctx.baseUrl(req), account }, route));
  };
}

const ownsUser = (account: FixtureAccount, id: string) => id === 'me' || id === account.userId || id === account.id;

function user(req: Request, account: FixtureAccount, scope: RenderScope, id: string): Reply {
  if (!ownsUser(account, id)) return GraphErrors.unknownObject('get', id);
  const fields = fieldsOf(req, 'User');
  return isReply(fields) ? fields : jsonReply(200, renderUser(account, fields, scope, id === 'me' ? account.id : id));
}

function mediaList(req: Request, account: FixtureAccount, scope: RenderScope, owner: string, version: string): Reply {
  if (!ownsUser(account, owner)) return GraphErrors.unknownObject('get', owner);
  const fields = fieldsOf(req, 'Media');
  if (isReply(fields)) return fields;
  const request = pageRequest({ limit: param(req, 'limit'), after: param(req, 'after'), before: param(req, 'before') });
  if ('error' in request) return GraphErrors.invalidParameter(request.error);
  const page = paginate(account.media, request);
  if ('error' in page) return GraphErrors.invalidParameter(page.error);
  const rawFields = param(req, 'fields');
  const paging = pagingObject(page, account.media.length, cursor => {
    const query = new URLSearchParams({ access_token: accessTokenOf(req) ?? '' });
    if (rawFields !== undefined) query.set('fields', rawFields);
    query.set('limit', String(request.limit));
    for (const [key, value] of Object.entries(cursor)) query.set(key, value);
    return `${scope.base}${version}/${account.userId}/media?${query}`;
  });
  const data = page.items.map(media => renderMedia(media, fields, scope));
  return jsonReply(200, paging ? { data, paging } : { data });
}

function mediaObject(req: Request, account: FixtureAccount, scope: RenderScope, id: string, edge?: string): Reply {
  const location = lookupMedia(scope.ctx, id);
  if (!location || location.account !== account) return GraphErrors.unknownObject('get', id);
  const fields = fieldsOf(req, 'Media');
  if (isReply(fields)) return fields;
  const { media, child } = location;
  if (edge === 'children') {
    const children = child ? [] : media.children;
    return jsonReply(200, { data: children.map(c => renderChild(c, media, fields, scope)) });
  }
  return jsonReply(200, child ? renderChild(child, media, fields, scope) : renderMedia(media, fields, scope));
}

export function graphHandler(ctx: EmulatorContext): RequestHandler {
  const data = (name: string, body: Parameters<typeof node>[1]) => endpoint(ctx, name, 'data', node(ctx, body));
  const handlers = {
    access_token: endpoint(ctx, 'graph.access_token', 'oauth', exchangeHandler(ctx)),
    refresh_access_token: endpoint(ctx, 'graph.refresh_access_token', 'data', refreshHandler(ctx)),
    me: data('graph.me', (req, account, scope) => user(req, account, scope, 'me')),
    user: data('graph.user', (req, account, scope, route) => user(req, account, scope, route.id)),
    media: data('graph.media', (req, account, scope, route) => mediaList(req, account, scope, route.id, route.version)),
    media_object: data('graph.media_object', (req, account, scope, { id }) => mediaObject(req, account, scope, id)),
    children: data('graph.children', (req, account, scope, { id }) => mediaObject(req, account, scope, id, 'children')),
    unknown_edge: endpoint(
      ctx,
      'graph.unknown',
      'none',
      node(ctx, (_req, account, _scope, { id, edge }) => {
        const isUser = ownsUser(account, id);
        if (!isUser && lookupMedia(ctx, id)?.account !== account) return GraphErrors.unknownObject('get', id);
        return GraphErrors.nonexistingField(edge, isUser ? 'User' : 'Media');
      }),
    ),
    unknown: endpoint(ctx, 'graph.unknown', 'none', (req, res) => send(ctx, res, GraphErrors.unknownPath(req.path))),
  };

  return (req, res) => {
    const route = parseRoute(req.path);
    if (!route) return handlers.unknown(req, res);
    (res.locals as { route: GraphRoute }).route = route;
    const [first, second, ...rest] = route.segments;
    if (rest.length > 0 || first === undefined) return handlers.unknown(req, res);
    if (second === undefined) {
      if (first === 'access_token' || first === 'refresh_access_token') return handlers[first](req, res);
      if (first === 'me') return handlers.me(req, res);
      return lookupAccount(ctx, first) ? handlers.user(req, res) : handlers.media_object(req, res);
    }
    if (second === 'media') return handlers.media(req, res);
    if (second === 'children') return handlers.children(req, res);
    return handlers.unknown_edge(req, res);
  };
}
