import { describe, expect, it } from 'vitest';
import { certificateRejection, handshakeRejection, type PresentedCertificate } from './listener-rejection';

describe('handshake rejections', () => {
  it('name a missing certificate, a foreign CA and an expired certificate from OpenSSL', () => {
    expect(handshakeRejection('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', null)).toBe('no_certificate');
    expect(handshakeRejection('ECONNRESET', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('unknown_ca');
    expect(handshakeRejection('ECONNRESET', 'DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('unknown_ca');
    expect(handshakeRejection('ECONNRESET', 'CERT_HAS_EXPIRED')).toBe('expired');
    expect(handshakeRejection('ECONNRESET', 'CERT_NOT_YET_VALID')).toBe('expired');
  });

  it('call anything else a failed handshake', () => {
    expect(handshakeRejection('ERR_SSL_WRONG_VERSION_NUMBER', null)).toBe('handshake_failed');
    expect(handshakeRejection(undefined, undefined)).toBe('handshake_failed');
  });
});

describe('certificate rejections', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const valid: PresentedCertificate = {
    fingerprint: 'AA:BB',
    terminal: { id: 'T1', vendor: 'nexo' },
    issued: { fingerprint: 'AA:BB', revokedAt: null },
  };

  it('accept an issued certificate for its own terminal and its own vendor', () => {
    expect(certificateRejection(valid, { terminalId: 'T1' }, now)).toBeUndefined();
    expect(certificateRejection(valid, { vendor: 'nexo' }, now)).toBeUndefined();
  });

  it('refuse an unregistered terminal, a certificate the registry did not issue, another terminal or vendor', () => {
    expect(certificateRejection({ ...valid, terminal: undefined }, { terminalId: 'T1' }, now)).toBe('unknown_terminal');
    expect(certificateRejection({ ...valid, issued: undefined }, { terminalId: 'T1' }, now)).toBe('unknown_certificate');
    expect(certificateRejection({ ...valid, fingerprint: 'CC:DD' }, { terminalId: 'T1' }, now)).toBe('unknown_certificate');
    expect(certificateRejection(valid, { terminalId: 'T2' }, now)).toBe('terminal_mismatch');
    expect(certificateRejection(valid, { vendor: 'simulator' }, now)).toBe('vendor_mismatch');
  });

  it('keep a rotated certificate valid until its overlap ends, and refuse it from then on', () => {
    const endsAt = (ms: number) => ({ ...valid, issued: { fingerprint: 'AA:BB', revokedAt: new Date(now.getTime() + ms) } });
    expect(certificateRejection(endsAt(1), { terminalId: 'T1' }, now)).toBeUndefined();
    expect(certificateRejection(endsAt(0), { terminalId: 'T1' }, now)).toBe('revoked');
    expect(certificateRejection(endsAt(-1), { terminalId: 'T2' }, now)).toBe('revoked');
  });
});
