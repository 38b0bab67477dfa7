'use client';

import type { terminals } from '@tillwire/contracts';
import { useId } from 'react';
import { downloadText } from '../../../_console/download';
import { Button } from '../../../_ui/button';

const PEM = 'application/x-pem-file';

/** A labelled read-only PEM block. */
function PemBlock({ label, pem }: { label: string; pem: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-700">
        {label}
      </label>
      <textarea id={id} readOnly value={pem} rows={6} className="mt-1 w-full rounded-lg border border-slate-400 bg-slate-50 p-3 font-mono text-xs" />
    </div>
  );
}

/**
 * The certificate just issued and its private key: Tillwire keeps no copy of the key, so this is the
 * only time it is shown. Both download as PEM files for the terminal.
 */
export function IssuedCertificate({ terminalId, issued, onDismiss }: { terminalId: string; issued: terminals.IssuedCertificate; onDismiss(): void }) {
  const key = issued.privateKeyPem;
  return (
    <div role="region" aria-label="New certificate" className="mb-6 space-y-4 rounded-xl border border-amber-300 bg-amber-50 p-5">
      <p className="text-base font-semibold text-amber-950">
        Certificate {issued.certificate.serialNumber} issued.{' '}
        {key ? 'Download the private key now: it is shown only this once.' : 'Its private key was shown when it was first issued.'}
      </p>
      <PemBlock label="Certificate (PEM)" pem={issued.certificate.certificatePem} />
      {key && <PemBlock label="Private key (PEM)" pem={key} />}
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => downloadText(`${terminalId}.crt.pem`, issued.certificate.certificatePem, PEM)}>Download certificate</Button>
        {key && <Button onClick={() => downloadText(`${terminalId}.key.pem`, key, PEM)}>Download private key</Button>}
        <Button onClick={onDismiss}>Done</Button>
      </div>
    </div>
  );
}
