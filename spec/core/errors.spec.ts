import { expect } from 'chai';
import {
  AuthXConfigError,
  AuthXError,
  CSRFError,
  FreshTokenRequiredError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  MissingTokenError,
  RevocationCheckFailedError,
  RevokedTokenError,
  TokenExpiredError,
  WrongTokenTypeError,
} from '../../src/core/errors';

interface ErrorCase {
  label: string;
  error: AuthXError;
  status: number;
  code: string;
  errorType: string;
  wwwAuthenticate: string | undefined;
}

const INVALID_TOKEN = 'Bearer error="invalid_token"';

describe('errors', () => {
  const cases: ErrorCase[] = [
    {
      label: 'MissingTokenError',
      error: new MissingTokenError(),
      status: 401,
      code: 'ERR_MISSING_TOKEN',
      errorType: 'MissingTokenError',
      wwwAuthenticate: 'Bearer',
    },
    {
      label: 'InvalidTokenError',
      error: new InvalidTokenError('bad signature'),
      status: 401,
      code: 'ERR_INVALID_TOKEN',
      errorType: 'InvalidTokenError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'TokenExpiredError',
      error: new TokenExpiredError(),
      status: 401,
      code: 'ERR_TOKEN_EXPIRED',
      errorType: 'TokenExpiredError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'WrongTokenTypeError access',
      error: new WrongTokenTypeError('access'),
      status: 401,
      code: 'ERR_WRONG_TOKEN_TYPE',
      errorType: 'AccessTokenRequiredError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'WrongTokenTypeError refresh',
      error: new WrongTokenTypeError('refresh'),
      status: 401,
      code: 'ERR_WRONG_TOKEN_TYPE',
      errorType: 'RefreshTokenRequiredError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'FreshTokenRequiredError',
      error: new FreshTokenRequiredError(),
      status: 401,
      code: 'ERR_FRESH_TOKEN_REQUIRED',
      errorType: 'FreshTokenRequiredError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'RevokedTokenError',
      error: new RevokedTokenError(),
      status: 401,
      code: 'ERR_TOKEN_REVOKED',
      errorType: 'RevokedTokenError',
      wwwAuthenticate: INVALID_TOKEN,
    },
    {
      label: 'CSRFError',
      error: new CSRFError('Missing CSRF token in header X-CSRF-TOKEN'),
      status: 401,
      code: 'ERR_CSRF',
      errorType: 'CSRFError',
      wwwAuthenticate: undefined,
    },
    {
      label: 'InsufficientScopeError',
      error: new InsufficientScopeError(['users:read', 'users:write'], ['users:write']),
      status: 403,
      code: 'ERR_INSUFFICIENT_SCOPE',
      errorType: 'InsufficientScopeError',
      wwwAuthenticate: 'Bearer error="insufficient_scope", scope="users:read users:write"',
    },
    {
      label: 'InvalidRequestError',
      error: new InvalidRequestError('Two Authorization headers'),
      status: 400,
      code: 'ERR_INVALID_REQUEST',
      errorType: 'InvalidRequestError',
      wwwAuthenticate: 'Bearer error="invalid_request"',
    },
    {
      label: 'RevocationCheckFailedError 503',
      error: new RevocationCheckFailedError(503),
      status: 503,
      code: 'ERR_REVOCATION_CHECK_FAILED',
      errorType: 'RevocationCheckFailedError',
      wwwAuthenticate: undefined,
    },
    {
      label: 'RevocationCheckFailedError 401',
      error: new RevocationCheckFailedError(401),
      status: 401,
      code: 'ERR_REVOCATION_CHECK_FAILED',
      errorType: 'RevocationCheckFailedError',
      wwwAuthenticate: INVALID_TOKEN,
    },
  ];

  for (const { label, error, status, code, errorType, wwwAuthenticate } of cases) {
    describe(label, () => {
      it('is an AuthXError', () => {
        expect(error).to.be.instanceOf(AuthXError);
      });

      it('status', () => {
        expect(error.status).to.equal(status);
      });

      it('code', () => {
        expect(error.code).to.equal(code);
      });

      it('errorType', () => {
        expect(error.errorType).to.equal(errorType);
      });

      it('WWW-Authenticate', () => {
        expect(error.wwwAuthenticate('Bearer')).to.equal(wwwAuthenticate);
      });

      it('exposed', () => {
        expect(error.expose).to.equal(true);
      });
    });
  }

  describe('messages', () => {
    it('MissingTokenError', () => {
      expect(new MissingTokenError().message).to.equal('Missing JWT in request');
    });

    it('InvalidTokenError', () => {
      expect(new InvalidTokenError('"sub" claim must be a non-empty string').message).to.equal('Invalid Token');
    });

    it('InvalidTokenError keeps the reason', () => {
      expect(new InvalidTokenError('"sub" claim must be a non-empty string').reason).to.equal('"sub" claim must be a non-empty string');
    });

    it('TokenExpiredError', () => {
      expect(new TokenExpiredError().message).to.equal('Token has expired');
    });

    it('WrongTokenTypeError access', () => {
      expect(new WrongTokenTypeError('access').message).to.include('Access token required');
    });

    it('WrongTokenTypeError refresh', () => {
      expect(new WrongTokenTypeError('refresh').message).to.include('Refresh token required');
    });

    it('FreshTokenRequiredError', () => {
      expect(new FreshTokenRequiredError().message).to.include('Fresh token required');
    });

    it('RevokedTokenError', () => {
      expect(new RevokedTokenError().message).to.equal('Token has been revoked');
    });

    it('InsufficientScopeError names the missing scopes', () => {
      expect(new InsufficientScopeError(['users:read', 'users:write'], ['users:write']).message).to.include('users:write');
    });

    it('InsufficientScopeError omits granted scopes', () => {
      expect(new InsufficientScopeError(['users:read', 'users:write'], ['users:write']).message).not.to.include('users:read');
    });

    it('InsufficientScopeError any of', () => {
      expect(new InsufficientScopeError(['a', 'b'], ['a', 'b'], true).message).to.include('one of the scopes a, b');
    });

    it('name is the class name', () => {
      expect(new TokenExpiredError().name).to.equal('TokenExpiredError');
    });
  });

  describe('WWW-Authenticate', () => {
    it('other scheme', () => {
      expect(new InvalidTokenError('bad').wwwAuthenticate('JWT')).to.equal('JWT error="invalid_token"');
    });

    it('reason not echoed', () => {
      expect(new InvalidTokenError('"kid" names no known key "x"').wwwAuthenticate('Bearer')).to.equal(INVALID_TOKEN);
    });

    it('InsufficientScopeError single scope', () => {
      expect(new InsufficientScopeError(['admin'], ['admin']).wwwAuthenticate('Bearer')).to.equal('Bearer error="insufficient_scope", scope="admin"');
    });
  });

  describe('AuthXConfigError', () => {
    const error = new AuthXConfigError('JWT_SECRET_KEY', 'JWT_SECRET_KEY is missing');

    it('code', () => {
      expect(error.code).to.equal('ERR_AUTHX_CONFIG');
    });

    it('key', () => {
      expect(error.key).to.equal('JWT_SECRET_KEY');
    });

    it('name', () => {
      expect(error.name).to.equal('AuthXConfigError');
    });

    it('is an Error', () => {
      expect(error).to.be.instanceOf(Error);
    });
  });
});
