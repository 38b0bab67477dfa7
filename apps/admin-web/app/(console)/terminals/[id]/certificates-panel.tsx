'use client';

import { terminals } from '@tillwire/contracts';
import { useState } from 'react';
import { useConsole, useFormat } from '../../../_console/console-context';
import { useAction } from '../../../_console/use-action';
import { useApi } from '../../../_console/use-api';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { Section } from '../../../_ui/page';
import { StatusBadge } from '../../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../../_ui/table';
import { IssuedCertificate } from './issued-certificate';
import { RevokeCertificate } from './revoke-certificate';

type Certificate = terminals.TerminalCertificate;

/** Whether the listener accepts a certificate now, and until when. */
function standing(certificate: Certificate, now: number): { tone: 'good' | 'warn' | 'bad'; label: string; usable: boolean } {
  if (Date.parse(certificate.notAfter) <= now) return { tone: 'bad', label: 'expired', usable: false };
  if (certificate.revokedAt === null) return { tone: 'good', label: 'valid', usable: true };
  if (Date.parse(certificate.revokedAt) > now) return { tone: 'warn', label: 'ending (rotated)', usable: true };
  return { tone: 'bad', label: 'revoked', usable: false };
}

/** A terminal's client certificates: issue the first, rotate to a new one, revoke one with a reason. */
export function CertificatesPanel({ terminalId }: { terminalId: string }) {
  const { client } = useConsole();
  const { dateTime } = useFormat();
  const path = `/admin/terminals/${encodeURIComponent(terminalId)}/certificates`;
  const list = useApi(path, terminals.listCertificatesResult);
  const issue = useAction();
  const [issued, setIssued] = useState<terminals.IssuedCertificate | null>(null);
  const [now] = useState(() => Date.now());
  const certificates = list.data?.certificates ?? [];
  const hasUsable = certificates.some((c) => standing(c, now).usable);

  async function issueCertificate() {
    // Each press is a new certificate: the request is told apart by the moment it was asked.
    const answer = await issue.run({ path, at: Date.now() }, (idempotencyKey) =>
      client.post(path, {}, { idempotencyKey, schema: terminals.issuedCertificate }),
    );
    if (!answer) return;
    setIssued(answer);
    list.reload();
  }

  return (
    <Section
      title="Certificates"
      actions={
        <Button tone="primary" busy={issue.busy} onClick={() => void issueCertificate()}>
          {hasUsable ? 'Rotate certificate' : 'Issue certificate'}
        </Button>
      }
    >
      <p className="mb-4 text-base text-slate-600">
        The terminal presents its client certificate (CN {terminalId}) to the terminal listener. Rotating issues a new one; the earlier ones
        stay valid for the rotation overlap.
      </p>
      {issue.error && <ErrorNote error={issue.error} title="No certificate was issued" />}
      {issued && <IssuedCertificate terminalId={terminalId} issued={issued} onDismiss={() => setIssued(null)} />}
      {list.error && <ErrorNote error={list.error} title="Certificates could not be loaded" />}
      <Table
        caption={`Certificates of terminal ${terminalId}`}
        head={
          <>
            <Th>Serial</Th>
            <Th>Valid from</Th>
            <Th>Valid until</Th>
            <Th>Standing</Th>
            <Th>Actions</Th>
          </>
        }
      >
        {list.data && certificates.length === 0 && <EmptyRow columns={5}>No certificate has been issued to this terminal.</EmptyRow>}
        {certificates.map((certificate) => {
          const state = standing(certificate, now);
          return (
            <tr key={certificate.serialNumber}>
              <Td className="font-mono text-sm break-all">{certificate.serialNumber}</Td>
              <Td>{dateTime(certificate.notBefore)}</Td>
              <Td>{dateTime(certificate.revokedAt ?? certificate.notAfter)}</Td>
              <Td>
                <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
                {certificate.revocationReason && <p className="mt-1 text-sm text-slate-600">{certificate.revocationReason}</p>}
              </Td>
              <Td>
                {state.usable && <RevokeCertificate terminalId={terminalId} serialNumber={certificate.serialNumber} onRevoked={list.reload} />}
              </Td>
            </tr>
          );
        })}
      </Table>
    </Section>
  );
}
