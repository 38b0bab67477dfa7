import { money } from '../money';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { cartGross, cartUnits } from './cart.state';
import type { HeldSale } from './held-sales.store';

/** Sales on hold at this till; one resumes into an empty cart. */
export function HeldSalesDialog({
  held,
  currency,
  canResume,
  onResume,
  onDiscard,
  onClose,
}: {
  held: HeldSale[];
  currency: string;
  canResume: boolean;
  onResume: (sale: HeldSale) => void;
  onDiscard: (sale: HeldSale) => void;
  onClose: () => void;
}) {
  return (
    <Dialog title="Held sales" onClose={onClose} wide>
      {canResume ? null : <p className="text-lg text-amber-900">Hold or finish the current sale before resuming another.</p>}
      <ul className="flex flex-col gap-2">
        {held.map((sale) => {
          const time = new Date(sale.heldAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
          const label = `held at ${time}: ${cartUnits(sale.cart)} items, ${money(cartGross(sale.cart), currency)}`;
          return (
            <li key={sale.id} className="flex items-center gap-3 rounded-xl border-2 border-slate-200 p-3">
              <p className="flex-1 text-lg">
                <span className="font-semibold">Sale {label}</span>
                <span className="block text-base text-slate-700">{sale.cart.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</span>
              </p>
              <Button variant="danger" aria-label={`Discard sale ${label}`} onClick={() => onDiscard(sale)}>
                Discard
              </Button>
              <Button variant="primary" aria-label={`Resume sale ${label}`} disabled={!canResume} onClick={() => onResume(sale)}>
                Resume
              </Button>
            </li>
          );
        })}
      </ul>
      <Button onClick={onClose}>Close</Button>
    </Dialog>
  );
}
