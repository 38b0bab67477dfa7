'use client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../error-messages';
import { supervisorApproval } from '../platform.client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';

export interface Approval {
  /** The supervisor's token for X-Approval-Token; absent when the signed-in user approves themselves. */
  token?: string;
  reason: string;
}

/**
 * Asks a supervisor of the department for their PIN at this terminal (and a reason when one is
 * needed); a signed-in supervisor approves on their own. The approval is checked by the API.
 */
export function ApprovalDialog({
  title,
  terminalId,
  selfApproves,
  askReason,
  confirmLabel,
  children,
  onApproved,
  onClose,
}: {
  title: string;
  terminalId: string;
  selfApproves: boolean;
  askReason: boolean;
  confirmLabel: string;
  children?: ReactNode;
  /** Acts on the approval: answers why it did not work, or null. */
  onApproved: (approval: Approval) => Promise<string | null>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function approve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get('reason') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const approval = selfApproves
        ? { reason }
        : { reason, token: (await supervisorApproval(terminalId, String(form.get('supervisor') ?? ''), String(form.get('pin') ?? ''))).token };
      setError(await onApproved(approval));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <form onSubmit={(event) => void approve(event)} className="flex flex-col gap-4">
        {askReason ? <Field label="Reason" name="reason" required maxLength={200} autoFocus /> : null}
        {selfApproves ? (
          <p className="text-lg">You approve this as a supervisor.</p>
        ) : (
          <>
            <Field label="Supervisor username" name="supervisor" autoComplete="off" required autoFocus={!askReason} />
            <Field label="Supervisor PIN" name="pin" type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,8}" required />
          </>
        )}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="grid grid-cols-2 gap-3">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Checking…' : confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
