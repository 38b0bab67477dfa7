'use client';
import type { StoredSession, WebClient } from '@tillwire/contracts';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PairedTerminal } from '../pairing/pairing.store';
import type { TerminalFeed } from '../terminal-status.hook';
import { Button } from '../ui/button';
import { Notice } from '../ui/notice';
import { ApprovalDialog } from './approval.dialog';
import { useBarcodeScanner } from './barcode-scanner.hook';
import { CartPanel } from './cart.panel';
import { cartReducer, EMPTY_CART } from './cart.state';
import { useCatalog, type CatalogItem } from './catalog.hook';
import { useCheckoutFlow } from './checkout.flow';
import { DiscountDialog } from './discount.dialog';
import { HeldSalesDialog } from './held-sales.dialog';
import { loadHeld, saveHeld, type HeldSale } from './held-sales.store';
import { MemberDialog } from './member.dialog';
import { PaymentProgress } from './payment-progress';
import { PaymentScreen } from './payment.screen';
import { ProductGrid } from './product-grid';
import { ProductSearch } from './product-search';
import { ReceiptView } from './receipt.view';

type Overlay = 'discount' | 'member' | 'held' | 'discount-approval' | 'void' | null;

/** Selling at the bound terminal: the menu and the cart, then payment, then the receipt. */
export function CheckoutScreen({
  client,
  terminal,
  session,
  feed,
  active,
}: {
  client: WebClient;
  terminal: PairedTerminal;
  session: StoredSession;
  feed: TerminalFeed;
  /** False while another screen (a refund) is shown over the sale. */
  active: boolean;
}) {
  const [cart, dispatch] = useReducer(cartReducer, EMPTY_CART);
  const [query, setQuery] = useState('');
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [held, setHeld] = useState<HeldSale[]>(() => loadHeld(terminal.id));
  const search = useRef<HTMLInputElement>(null);
  const catalog = useCatalog(client, terminal.id, query);
  const flow = useCheckoutFlow(client, terminal.id, feed);
  const selfApproves = session.user.roles.some((role) => role === 'supervisor' || role === 'admin');

  const quantityOf = useCallback((sku: string) => cart.lines.find((l) => l.sku === sku)?.quantity ?? 0, [cart]);
  const availableOf = (sku: string) => catalog.products.find((p) => p.sku === sku)?.available;

  const add = useCallback(
    (product: CatalogItem) => {
      if (product.available - quantityOf(product.sku) <= 0) {
        setNotice({ tone: 'error', text: `${product.name} is out of stock.` });
        return;
      }
      dispatch({ type: 'add', product });
      setNotice({ tone: 'info', text: `Added ${product.name}.` });
    },
    [quantityOf],
  );

  const addByCode = useCallback(
    async (code: string) => {
      const exact = await catalog.findExact(code).catch(() => undefined);
      const only = catalog.products.length === 1 ? catalog.products[0] : undefined;
      const product = exact ?? only;
      if (!product) {
        setNotice({ tone: 'error', text: `No product with barcode or SKU ${code}.` });
        return false;
      }
      add(product);
      return true;
    },
    [add, catalog],
  );

  const selling = active && flow.phase === 'selling' && overlay === null;
  const { currency, refresh } = catalog;
  useBarcodeScanner((code) => void addByCode(code), selling);
  // Back to selling (or shown at last), focus is in the search box, where a scanner's digits and Enter add the product.
  useEffect(() => {
    if (selling && currency) search.current?.focus();
  }, [selling, currency]);
  useEffect(() => {
    if (flow.phase === 'receipt') refresh();
  }, [flow.phase, refresh]);

  async function pay() {
    const problem = await flow.reserve(cart);
    if (problem?.code === 'discount_needs_approval') setOverlay('discount-approval');
  }

  function hold() {
    const next = [...held, { id: crypto.randomUUID(), heldAt: new Date().toISOString(), cart }];
    saveHeld(terminal.id, next);
    setHeld(next);
    dispatch({ type: 'replace', cart: EMPTY_CART });
    flow.newSale();
    setNotice({ tone: 'info', text: 'Sale put on hold.' });
  }

  function dropHeld(sale: HeldSale) {
    const next = held.filter((h) => h.id !== sale.id);
    saveHeld(terminal.id, next);
    setHeld(next);
    if (next.length === 0) setOverlay(null);
  }

  function resume(sale: HeldSale) {
    dropHeld(sale);
    dispatch({ type: 'replace', cart: sale.cart });
    setOverlay(null);
    setNotice({ tone: 'info', text: 'Held sale resumed.' });
  }

  // Amounts show in the currency the catalog names: until it first answers there is nothing to sell.
  if (!currency) {
    return (
      <div className="p-4">
        {catalog.error ? (
          <Notice tone="error">The products could not be loaded. They load again in a moment.</Notice>
        ) : (
          <p className="text-lg text-slate-700">Loading the products…</p>
        )}
      </div>
    );
  }

  function finishSale() {
    dispatch({ type: 'replace', cart: EMPTY_CART });
    flow.newSale();
    setNotice(null);
  }

  const dialogs = (
    <>
      {overlay === 'discount' ? (
        <DiscountDialog
          current={cart.discount}
          currency={currency}
          onClose={() => setOverlay(null)}
          onApply={(discount) => {
            dispatch({ type: 'discount', discount });
            setOverlay(null);
          }}
        />
      ) : null}
      {overlay === 'member' ? (
        <MemberDialog
          client={client}
          current={cart.member}
          currency={currency}
          onClose={() => setOverlay(null)}
          onChoose={(member) => {
            dispatch({ type: 'member', member });
            setOverlay(null);
          }}
        />
      ) : null}
      {overlay === 'held' ? (
        <HeldSalesDialog held={held} currency={currency} canResume={cart.lines.length === 0} onResume={resume} onDiscard={dropHeld} onClose={() => setOverlay(null)} />
      ) : null}
      {overlay === 'discount-approval' ? (
        <ApprovalDialog
          title="Approve the discount"
          terminalId={terminal.id}
          selfApproves={false}
          askReason={false}
          confirmLabel="Approve"
          onClose={() => setOverlay(null)}
          onApproved={async ({ token }) => {
            const problem = await flow.reserve(cart, token);
            if (!problem) setOverlay(null);
            return problem?.message ?? null;
          }}
        >
          <p className="text-lg">This discount is above what a cashier may give. A supervisor of the department approves it with their PIN.</p>
        </ApprovalDialog>
      ) : null}
      {overlay === 'void' ? (
        <ApprovalDialog
          title="Void this sale"
          terminalId={terminal.id}
          selfApproves={selfApproves}
          askReason
          confirmLabel="Void sale"
          onClose={() => setOverlay(null)}
          onApproved={async ({ token, reason }) => {
            const problem = await flow.voidSale(reason, token);
            if (problem) return problem.message;
            setOverlay(null);
            dispatch({ type: 'replace', cart: EMPTY_CART });
            setNotice({ tone: 'info', text: 'The sale was voided and its stock released.' });
            return null;
          }}
        >
          <p className="text-lg">The reservation is released and the sale ends unpaid. The reason and the approving supervisor are recorded.</p>
        </ApprovalDialog>
      ) : null}
    </>
  );

  if (flow.phase === 'receipt' && flow.transaction) {
    const card = flow.transaction.payments.some((p) => p.method === 'card');
    return (
      <div className="grid h-full grid-cols-[1fr_22rem] gap-4 p-4 print:block print:p-0">
        <div className="min-h-0 relative overflow-y-auto print:overflow-visible">
          <ReceiptView transaction={flow.transaction} terminal={terminal} />
        </div>
        <aside aria-label="Payment status" className="flex flex-col gap-3 rounded-2xl bg-white p-5 print:hidden">
          <PaymentProgress stage={flow.stage} card={card} terminalStatus={feed.status} />
          <Button onClick={() => window.print()}>Print receipt</Button>
          <Button variant="primary" onClick={finishSale} autoFocus>
            New sale
          </Button>
        </aside>
      </div>
    );
  }

  if (flow.phase === 'paying' && flow.transaction) {
    return (
      <>
        <PaymentScreen flow={flow} cart={cart} terminalStatus={feed.status} onVoid={() => setOverlay('void')} />
        {dialogs}
      </>
    );
  }

  return (
    <div className="grid h-full grid-cols-[1fr_24rem] overflow-hidden">
      <section aria-labelledby="products-heading" className="flex min-h-0 flex-col gap-3 p-4">
        <h2 id="products-heading" className="sr-only">
          Products of department {terminal.departmentCode}
        </h2>
        <ProductSearch ref={search} query={query} onQuery={setQuery} onSubmit={addByCode} />
        <div aria-live="polite" className="min-h-8">
          {notice ? <p className={`text-lg ${notice.tone === 'error' ? 'font-semibold text-red-800' : 'text-slate-800'}`}>{notice.text}</p> : null}
        </div>
        {flow.problem ? (
          <Notice tone="error">
            {flow.problem.message}
            {flow.problem.retryable ? (
              <Button variant="primary" className="ml-3" onClick={flow.retry}>
                Retry
              </Button>
            ) : null}
          </Notice>
        ) : null}
        <div className="min-h-0 flex-1 relative overflow-y-auto">
          <ProductGrid products={catalog.products} currency={currency} inCart={quantityOf} onAdd={add} />
        </div>
      </section>
      <CartPanel
        cart={cart}
        currency={currency}
        dispatch={dispatch}
        available={availableOf}
        busy={flow.busy}
        heldCount={held.length}
        onPay={() => void pay()}
        onDiscount={() => setOverlay('discount')}
        onMember={() => setOverlay('member')}
        onHold={hold}
        onHeld={() => setOverlay('held')}
      />
      {dialogs}
    </div>
  );
}
