import { items, money } from '../money';
import { Button } from '../ui/button';
import { cartGross, cartUnits, type Cart, type CartAction } from './cart.state';

/** The sale so far: lines with their quantities, the member and the discount, and the way to pay. */
export function CartPanel({
  cart,
  currency,
  dispatch,
  available,
  busy,
  heldCount,
  onPay,
  onDiscount,
  onMember,
  onHold,
  onHeld,
}: {
  cart: Cart;
  currency: string;
  dispatch: (action: CartAction) => void;
  available: (sku: string) => number | undefined;
  busy: boolean;
  heldCount: number;
  onPay: () => void;
  onDiscount: () => void;
  onMember: () => void;
  onHold: () => void;
  onHeld: () => void;
}) {
  const empty = cart.lines.length === 0;
  return (
    <section aria-labelledby="cart-heading" className="flex h-full flex-col gap-3 bg-white p-4">
      <h2 id="cart-heading" className="text-2xl font-bold">
        Sale <span className="text-lg font-normal text-slate-700">· {items(cartUnits(cart))}</span>
      </h2>
      <ul aria-label="Cart" className="flex-1 divide-y divide-slate-200 relative overflow-y-auto">
        {empty ? <li className="py-6 text-center text-lg text-slate-700">Scan or tap a product to start a sale.</li> : null}
        {cart.lines.map((line) => {
          const left = available(line.sku);
          return (
            <li key={line.sku} className="flex items-center gap-2 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate text-base font-semibold">{line.name}</p>
                <p className="text-sm text-slate-700">
                  {money(line.unitPriceMinor, currency)} each · {money(line.unitPriceMinor * line.quantity, currency)}
                </p>
              </div>
              <Button aria-label={`One fewer ${line.name}`} disabled={busy} className="min-h-12 min-w-12 px-0" onClick={() => dispatch({ type: 'quantity', sku: line.sku, quantity: line.quantity - 1 })}>
                −
              </Button>
              <output aria-label={`Quantity of ${line.name}`} className="w-8 text-center text-xl font-bold">
                {line.quantity}
              </output>
              <Button
                aria-label={`One more ${line.name}`}
                disabled={busy || (left !== undefined && line.quantity >= left)}
                className="min-h-12 min-w-12 px-0"
                onClick={() => dispatch({ type: 'quantity', sku: line.sku, quantity: line.quantity + 1 })}
              >
                +
              </Button>
              <Button aria-label={`Remove ${line.name}`} variant="danger" disabled={busy} className="min-h-12 min-w-12 px-0" onClick={() => dispatch({ type: 'remove', sku: line.sku })}>
                ×
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="grid grid-cols-2 gap-2">
        <Button onClick={onHold} disabled={empty || busy} className="text-base">
          Hold
        </Button>
        <Button onClick={onHeld} disabled={heldCount === 0 || busy} className="text-base">
          Held sales ({heldCount})
        </Button>
        <Button onClick={onMember} disabled={busy} className="text-base">
          {cart.member ? `Member: ${cart.member.name}` : 'Loyalty member'}
        </Button>
        <Button onClick={onDiscount} disabled={empty || busy} className="text-base">
          {cart.discount ? `Discount: ${cart.discount.type === 'percent' ? `${cart.discount.value} %` : money(cart.discount.value, currency)}` : 'Discount'}
        </Button>
      </div>
      <p className="flex justify-between text-xl">
        <span>Items (tax included)</span>
        <span className="font-bold">{money(cartGross(cart), currency)}</span>
      </p>
      <p className="text-sm text-slate-700">Discount and tax are worked out when the sale is reserved.</p>
      <Button variant="primary" className="min-h-16 text-2xl" disabled={empty || busy} onClick={onPay}>
        {busy ? 'Reserving…' : 'Pay'}
      </Button>
    </section>
  );
}
