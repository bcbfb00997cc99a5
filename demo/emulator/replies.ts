import { randomBytes } from 'node:crypto';

/** A response prepared by a handler; the body is JSON text so big integers can be written by hand. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), ...(headers ? { headers } : {}) };
}

/** Meta's request trace id: 11 or so base64-ish characters. */
export function fbtraceId(): string {
  return randomBytes(9).toString('base64').replace(/[+/]/g, 'A');
}

interface GraphErrorFields {
  message: string;
  type: 'OAuthException' | 'IGApiException';
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
}

/** The standard Graph envelope `{"error":{message,type,code,[error_subcode],fbtrace_id}}`. */
export function graphError(status: number, fields: GraphErrorFields): Reply {
  return jsonReply(status, { error: { ...fields, fbtrace_id: fbtraceId() } });
}

/** api.instagram.com's own envelope, used by the code exchange. */
export function oauthError(message: string, status = 400, errorType = 'OAuthException'): Reply {
  return jsonReply(status, { error_type: errorType, code: status, error_message: message });
}

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  weekday: 'long',
  day: '2-digit',
  month: 'short',
  year: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** Meta's wording: `Tuesday, 01-Dec-25 06:00:00 PST`. */
export function formatMetaDate(ms: number): string {
  const p = Object.fromEntries(pacific.formatToParts(new Date(ms)).map(part => [part.type, part.value]));
  return `${p.weekday}, ${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

const UNSUPPORTED_OBJECT = 'does not exist, cannot be loaded due to missing permissions, or does not support this operation';

/** The Graph errors the emulator answers with, worded as recorded from graph.instagram.com where known. */
export const GraphErrors = {
  cannotParseToken: () => graphError(400, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 }),
  missingToken: () =>
    graphError(400, {
      message: 'An active access token must be used to query information about the current user.',
      type: 'OAuthException',
      code: 2500,
    }),
  expiredToken: (expiredAt: number, now: number) =>
    graphError(400, {
      message: `Error validating access token: Session has expired on ${formatMetaDate(expiredAt)}. The current time is ${formatMetaDate(now)}.`,
      type: 'OAuthException',
      code: 190,
      error_subcode: 463,
    }),
  invalidatedToken: () =>
    graphError(400, {
      message:
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 460,
    }),
  badClientSecret: () => graphError(400, { message: 'Error validating client secret.', type: 'OAuthException', code: 1 }),
  unknownObject: (method: string, id: string) =>
    graphError(400, {
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' ${UNSUPPORTED_OBJECT}`,
      type: 'IGApiException',
      code: 100,
      error_subcode: 33,
    }),
  nonexistingField: (field: string, nodeType: string) =>
    graphError(400, {
      message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
      type: 'IGApiException',
      code: 100,
    }),
  invalidParameter: (message: string) => graphError(400, { message, type: 'IGApiException', code: 100 }),
  // Recorded without fbtrace_id (instafeed.js#654).
  unsupportedMethod: (method: string) =>
    jsonReply(400, {
      error: { message: `Unsupported request - method type: ${method.toLowerCase()}`, type: 'IGApiException', code: 100 },
    }),
  unknownPath: (path: string) => graphError(400, { message: `Unknown path components: ${path}`, type: 'IGApiException', code: 2500 }),
  transient: () =>
    graphError(500, {
      message: 'An unexpected error has occurred. Please retry your request later.',
      type: 'IGApiException',
      code: 2,
      is_transient: true,
    }),
  throttled: (status: number, code: 4 | 17 | 80002) =>
    graphError(status, {
      message: THROTTLE_MESSAGES[code],
      type: 'OAuthException',
      code,
      ...(code === 80002 ? {} : { is_transient: true }),
    }),
};

const THROTTLE_MESSAGES: Record<4 | 17 | 80002, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  80002:
    '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
};
