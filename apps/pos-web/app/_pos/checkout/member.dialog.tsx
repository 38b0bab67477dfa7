'use client';
import { ApiError, loyalty, type WebClient } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { describeError } from '../error-messages';
import { money } from '../money';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';

/** Looks up a loyalty member by their card number; the sale then earns and may pay with their points. */
export function MemberDialog({
  client,
  current,
  currency,
  onChoose,
  onClose,
}: {
  client: WebClient;
  current: loyalty.Member | null;
  currency: string;
  onChoose: (member: loyalty.Member | null) => void;
  onClose: () => void;
}) {
  const [found, setFound] = useState<loyalty.Member | null>(current);
  const [error, setError] = useState<string | null>(null);

  async function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('memberId') ?? '').trim();
    setError(null);
    try {
      setFound(await client.get(`/pos/loyalty/members/${encodeURIComponent(id)}`, loyalty.member));
    } catch (failure) {
      setFound(null);
      setError(failure instanceof ApiError && failure.code === 'not_found' ? `No member ${id}.` : describeError(failure));
    }
  }

  return (
    <Dialog title="Loyalty member" onClose={onClose}>
      <form onSubmit={(event) => void lookUp(event)} className="flex items-end gap-3">
        <Field label="Member number" name="memberId" placeholder="C-1001" required autoFocus className="flex-1" />
        <Button type="submit" variant="primary">
          Look up
        </Button>
      </form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {found ? (
        <div className="rounded-xl border-2 border-slate-200 p-4 text-lg" aria-live="polite">
          <p className="text-xl font-bold">{found.name}</p>
          <p>
            {found.id} · {found.tier} tier
          </p>
          <p>
            {found.balancePoints} points, worth {money(found.redeemableMinor, currency)}
          </p>
        </div>
      ) : null}
      <div className="grid grid-cols-3 gap-3">
        <Button onClick={onClose}>Cancel</Button>
        <Button onClick={() => onChoose(null)} disabled={!current}>
          Remove member
        </Button>
        <Button variant="primary" disabled={!found} onClick={() => onChoose(found)}>
          Use member
        </Button>
      </div>
    </Dialog>
  );
}
