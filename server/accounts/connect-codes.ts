// The outcome codes of connecting an account, shared by the server (which redirects to
// `/?error=<code>`) and the demo page (which shows a sentence for each: demo/demo.ts imports these
// types, so a new code without a sentence fails the type check). No imports: browser code reads it.

/** Why the connect use case (connect-account.ts) failed, after Instagram sent the browser back. */
export type ConnectFailure = 'code_exchange_failed' | 'token_exchange_failed' | 'profile_failed' | 'personal_account' | 'storage_failed';

/** Every `error` the callback can redirect with: the use case's failures and the route's own checks. */
export type ConnectErrorCode = ConnectFailure | 'access_denied' | 'authorization_failed' | 'invalid_state' | 'invalid_request' | 'session_failed';
