// Connecting an Instagram account once Instagram sent the browser back with a code: trade the code for
// a short-lived token, that for a long-lived one, read the profile once, refuse personal accounts,
// and store the account with its sealed token (reconnecting replaces the token). Knows nothing of
// HTTP: the callback route checks `state` and turns the result into a redirect.
import type { InstagramClient } from '../instagram/client.js';
import { InstagramError } from '../instagram/instagram-error.js';
import type { GraphProfile } from '../instagram/types.js';
import type { ConnectFailure } from './connect-codes.js';
import { toAccountProfile } from './profile.js';
import type { Account, AccountStore } from './types.js';

export type { ConnectFailure } from './connect-codes.js';

const PROFESSIONAL_TYPES = new Set(['BUSINESS', 'MEDIA_CREATOR', 'CREATOR']);

export interface ConnectAccountDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'exchangeCode' | 'exchangeForLongLivedToken' | 'getProfile'>;
  now: () => number;
}

export type ConnectResult = { account: Account; profile: GraphProfile } | { failure: ConnectFailure; error?: unknown };

/** Connects the account behind `code`. Instagram's failures and a failed write are results; anything else (a bug) throws. */
export async function connectAccount(deps: ConnectAccountDeps, code: string): Promise<ConnectResult> {
  try {
    const short = await step('code_exchange_failed', () => deps.instagram.exchangeCode(code));
    const long = await step('token_exchange_failed', () => deps.instagram.exchangeForLongLivedToken(short.accessToken));
    const profile = await step('profile_failed', () => deps.instagram.getProfile(long.accessToken));
    const id = profile.user_id ?? profile.id ?? short.userId;
    if (!id || !profile.username) return { failure: 'profile_failed' };
    if (!PROFESSIONAL_TYPES.has((profile.account_type ?? '').toUpperCase())) return { failure: 'personal_account' };
    const now = deps.now();
    const account = await step('storage_failed', () =>
      deps.store.upsert(
        {
          id: String(id),
          appScopedId: short.userId ?? (profile.id ? String(profile.id) : null),
          username: profile.username!,
          profile: toAccountProfile(profile),
          tokenIssuedAt: new Date(now).toISOString(),
          tokenExpiresAt: new Date(now + long.expiresIn * 1000).toISOString(),
        },
        long.accessToken,
      ),
    );
    return { account, profile };
  } catch (error) {
    if (error instanceof StepFailed) return { failure: error.failure, error: error.cause };
    throw error;
  }
}

class StepFailed extends Error {
  constructor(
    readonly failure: ConnectFailure,
    override readonly cause: unknown,
  ) {
    super(failure);
  }
}

/** Runs one step; Instagram's errors (and any error while storing) become that step's failure. */
async function step<T>(failure: ConnectFailure, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InstagramError || failure === 'storage_failed') throw new StepFailed(failure, error);
    throw error;
  }
}
