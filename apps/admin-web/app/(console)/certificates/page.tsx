'use client';

import { terminals } from '@tillwire/contracts';
import Link from 'next/link';
import { downloadText } from '../../_console/download';
import { RequirePermission } from '../../_console/require-permission';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { PageHeader, Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

/** The terminal CA vendors trust, and the way to each terminal's certificates. */
function CertificatesPage() {
  const ca = useApi('/admin/terminals/ca', terminals.caCertificateResult);
  const list = useApi('/admin/terminals', terminals.listTerminalsResult);
  return (
    <>
      <PageHeader
        title="Certificates"
        description="Terminals connect over mutual TLS with client certificates issued by Tillwire's own terminal CA."
      />
      <Section
        title="Terminal CA"
        actions={
          ca.data && (
            <Button onClick={() => downloadText('tillwire-terminal-ca.pem', ca.data!.certificatePem, 'application/x-pem-file')}>
              Download CA certificate
            </Button>
          )
        }
      >
        {ca.error && <ErrorNote error={ca.error} title="The CA certificate could not be loaded" />}
        <pre tabIndex={0} className="max-h-64 overflow-auto rounded-lg bg-slate-50 p-4 font-mono text-xs text-slate-800">
          {ca.data?.certificatePem ?? 'Loading…'}
        </pre>
      </Section>
      <Section title="Terminal certificates">
        {list.error && <ErrorNote error={list.error} title="Terminals could not be loaded" />}
        <Table
          caption="Terminals whose certificates can be issued, rotated and revoked"
          head={
            <>
              <Th>Terminal</Th>
              <Th>Vendor</Th>
              <Th>Department</Th>
              <Th>Certificates</Th>
            </>
          }
        >
          {list.data?.terminals.length === 0 && <EmptyRow columns={4}>No terminals are registered yet.</EmptyRow>}
          {list.data?.terminals.map((terminal) => (
            <tr key={terminal.id}>
              <Td>
                {terminal.name} <span className="font-mono text-sm text-slate-600">{terminal.id}</span>
              </Td>
              <Td>{terminal.vendor}</Td>
              <Td>{terminal.departmentCode}</Td>
              <Td>
                <Link href={`/terminals/${encodeURIComponent(terminal.id)}`} className="font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
                  Manage certificates of {terminal.name}
                </Link>
              </Td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="terminals.certificates" title="Certificates">
      <CertificatesPage />
    </RequirePermission>
  );
}
