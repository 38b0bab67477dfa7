import type { terminals } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';

export type TerminalCertificate = terminals.TerminalCertificate;
export type NewCertificate = Pick<TerminalCertificate, 'serialNumber' | 'terminalId' | 'fingerprint' | 'certificatePem'> & {
  notBefore: Date;
  notAfter: Date;
};
/** What the listener checks a presented certificate against. */
export interface CertificateStanding {
  fingerprint: string;
  terminalId: string;
  revokedAt: Date | null;
}

export interface CertificatesRepository {
  /**
   * Inside a transaction: locks the terminal, stores its new certificate and ends every other one
   * still valid later than `supersedeAt` at that time. Undefined when there is no such terminal.
   */
  insertSuperseding(
    tx: SqlExecutor,
    certificate: NewCertificate,
    supersedeAt: Date,
  ): Promise<{ certificate: TerminalCertificate; superseded: TerminalCertificate[] } | undefined>;
  listByTerminal(db: SqlExecutor, terminalId: string): Promise<TerminalCertificate[]>;
  get(db: SqlExecutor, terminalId: string, serialNumber: string): Promise<TerminalCertificate | undefined>;
  standing(db: SqlExecutor, serialNumber: string): Promise<CertificateStanding | undefined>;
  /** Ends the certificate now unless it has already ended; undefined when it had. */
  revoke(db: SqlExecutor, terminalId: string, serialNumber: string, reason: string): Promise<TerminalCertificate | undefined>;
}

const COLUMNS = `serial_number AS "serialNumber", terminal_id AS "terminalId", fingerprint, not_before AS "notBefore",
  not_after AS "notAfter", revoked_at AS "revokedAt", revocation_reason AS "revocationReason", pem AS "certificatePem"`;
const ROTATED = 'superseded by a newer certificate';

export const certificatesRepository: CertificatesRepository = {
  async insertSuperseding(tx, { serialNumber, terminalId, fingerprint, certificatePem, notBefore, notAfter }, supersedeAt) {
    const [terminal] = await tx.query('SELECT id FROM terminals.terminals WHERE id = $1 FOR UPDATE', [terminalId]);
    if (!terminal) return undefined;
    const superseded = await tx.query<StoredCertificate>(
      `UPDATE terminals.certificates SET revoked_at = $2, revocation_reason = $3
        WHERE terminal_id = $1 AND not_after > $2 AND (revoked_at IS NULL OR revoked_at > $2)
        RETURNING ${COLUMNS}`,
      [terminalId, supersedeAt, ROTATED],
    );
    const [row] = await tx.query<StoredCertificate>(
      `INSERT INTO terminals.certificates (serial_number, terminal_id, fingerprint, pem, not_before, not_after)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [serialNumber, terminalId, fingerprint, certificatePem, notBefore, notAfter],
    );
    return { certificate: toCertificate(row!), superseded: superseded.map(toCertificate) };
  },

  async listByTerminal(db, terminalId) {
    const rows = await db.query<StoredCertificate>(
      `SELECT ${COLUMNS} FROM terminals.certificates WHERE terminal_id = $1 ORDER BY not_before, created_at`,
      [terminalId],
    );
    return rows.map(toCertificate);
  },

  async get(db, terminalId, serialNumber) {
    const [row] = await db.query<StoredCertificate>(
      `SELECT ${COLUMNS} FROM terminals.certificates WHERE serial_number = $1 AND terminal_id = $2`,
      [serialNumber, terminalId],
    );
    return row ? toCertificate(row) : undefined;
  },

  async standing(db, serialNumber) {
    const [row] = await db.query<CertificateStanding>(
      `SELECT fingerprint, terminal_id AS "terminalId", revoked_at AS "revokedAt" FROM terminals.certificates WHERE serial_number = $1`,
      [serialNumber],
    );
    return row;
  },

  async revoke(db, terminalId, serialNumber, reason) {
    const [row] = await db.query<StoredCertificate>(
      `UPDATE terminals.certificates SET revoked_at = now(), revocation_reason = $3
        WHERE serial_number = $1 AND terminal_id = $2 AND (revoked_at IS NULL OR revoked_at > now())
        RETURNING ${COLUMNS}`,
      [serialNumber, terminalId, reason],
    );
    return row ? toCertificate(row) : undefined;
  },
};

type StoredCertificate = Omit<TerminalCertificate, 'notBefore' | 'notAfter' | 'revokedAt'> & {
  notBefore: Date;
  notAfter: Date;
  revokedAt: Date | null;
};

function toCertificate(row: StoredCertificate): TerminalCertificate {
  return {
    serialNumber: row.serialNumber,
    terminalId: row.terminalId,
    fingerprint: row.fingerprint,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    certificatePem: row.certificatePem,
  };
}
