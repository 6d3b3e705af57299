/** Why a credential was refused. The API answers all of them with 401 and the standard error body. */
export type AuthFailure =
  | 'invalid_credentials'
  | 'account_disabled'
  | 'invalid_token'
  | 'token_expired'
  | 'token_revoked'
  | 'token_reused';

const MESSAGES: Record<AuthFailure, string> = {
  invalid_credentials: 'invalid username or password',
  account_disabled: 'this account is disabled',
  invalid_token: 'invalid token',
  token_expired: 'token expired',
  token_revoked: 'token revoked',
  token_reused: 'refresh token was already used: the session is revoked, log in again',
};

export class AuthError extends Error {
  constructor(readonly reason: AuthFailure, message = MESSAGES[reason]) {
    super(message);
    this.name = 'AuthError';
  }
}

/** A refused request (bad input, unknown or foreign record): mapped by the API's error filter through `code`. */
export class AuthRequestError extends Error {
  constructor(
    readonly code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'FORBIDDEN',
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'AuthRequestError';
  }
  static invalid(field: string, reason: string) {
    return new AuthRequestError('VALIDATION_FAILED', `${field}: ${reason}`, field, reason);
  }
  static notFound(what: string) {
    return new AuthRequestError('NOT_FOUND', `${what} not found`);
  }
  static forbidden(message: string) {
    return new AuthRequestError('FORBIDDEN', message);
  }
}
