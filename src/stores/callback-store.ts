import type { TokenPayload } from '../core/token-payload';
import type { RevocationStore } from './revocation-store';

/** A function that returns whether a token id was revoked, backed by the app's own storage. */
export type TokenBlocklist = (jti: string, payload: TokenPayload<object>) => boolean | Promise<boolean>;

/**
 * Adapts a {@link TokenBlocklist} callback to a store. The app records revocations itself, so
 * `revoke` throws: call the app's own storage instead of `auth.revokeToken`.
 */
export class CallbackRevocationStore implements RevocationStore {
  constructor(private readonly isBlocked: TokenBlocklist) {}

  async revoke(): Promise<void> {
    throw new TypeError('This AuthX checks revocation through setTokenBlocklist, so revokeToken cannot store anything: record the jti in the storage your callback reads');
  }

  async isRevoked(jti: string, payload: TokenPayload<object>): Promise<boolean> {
    return (await this.isBlocked(jti, payload)) === true;
  }
}
