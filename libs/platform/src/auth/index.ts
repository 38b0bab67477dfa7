export {
  signAccessToken,
  verifyAccessToken,
  CLOCK_SKEW_SECONDS,
  type AccessClaims,
  type AccessSubject,
  type SigningKey,
  type TokenVerification,
} from './access-token';
export {
  AuthError,
  AuthErrorCode,
  authErrorStatus,
  toAuthError,
  unwrapAuth,
  type AuthFailure,
  type AuthResult,
  type TokenRejection,
} from './auth.errors';
export {
  createAuthDeps,
  type AuthDeps,
  type AuthSettings,
  type DepartmentPorts,
  type TerminalDepartment,
  type TerminalPorts,
} from './auth-deps';
export { AccessRevocations } from './access-revocations';
export { authenticate, actorOf, type EndedSessions } from './authenticate';
export { login, loginWithPassword, loginWithPin } from './login.use-case';
export { refreshSession, logout, purgeExpiredRefreshTokens } from './session.use-cases';
export {
  createUser,
  listUsers,
  getUser,
  setPassword,
  setPin,
  setRoles,
  deactivateUser,
  activateUser,
  unlockUser,
  issueAccessToken,
  userView,
  type UserChange,
  type UserRef,
} from './user-admin.use-cases';
export { hashSecret, verifySecret, needsRehash, CURRENT_SCRYPT, type ScryptParams } from './secret-hash';
export { loadSigningKey, SIGNING_KEY_FILE, type SigningKeyOptions } from './signing-key';
export { UserRepository, type UserRecord, type UserFilter, type NewUser, type Role } from './user.repository';
export { RefreshTokenRepository, type RefreshTokenRecord } from './refresh-token.repository';
