import type { inventory, loyalty, transactions } from '@tillwire/contracts';

export interface CartLine {
  sku: string;
  name: string;
  unitPriceMinor: number;
  quantity: number;
}

export interface CartDiscount {
  type: 'percent' | 'fixed';
  /** Whole percent, or minor units for `fixed`. */
  value: number;
}

/** A sale being put together: lines, an optional discount and loyalty member. */
export interface Cart {
  lines: CartLine[];
  discount: CartDiscount | null;
  member: loyalty.Member | null;
}

export const EMPTY_CART: Cart = { lines: [], discount: null, member: null };

export type CartAction =
  | { type: 'add'; product: inventory.Product }
  | { type: 'quantity'; sku: string; quantity: number }
  | { type: 'remove'; sku: string }
  | { type: 'discount'; discount: CartDiscount | null }
  | { type: 'member'; member: loyalty.Member | null }
  | { type: 'replace'; cart: Cart };

/** Cart changes; a product added again adds one to its line. */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const { sku, name, priceMinor } = action.product;
      const existing = cart.lines.find((line) => line.sku === sku);
      const lines = existing
        ? cart.lines.map((line) => (line.sku === sku ? { ...line, quantity: line.quantity + 1 } : line))
        : [...cart.lines, { sku, name, unitPriceMinor: priceMinor, quantity: 1 }];
      return { ...cart, lines };
    }
    case 'quantity':
      return action.quantity < 1
        ? cartReducer(cart, { type: 'remove', sku: action.sku })
        : { ...cart, lines: cart.lines.map((line) => (line.sku === action.sku ? { ...line, quantity: action.quantity } : line)) };
    case 'remove':
      return { ...cart, lines: cart.lines.filter((line) => line.sku !== action.sku) };
    case 'discount':
      return { ...cart, discount: action.discount };
    case 'member':
      return { ...cart, member: action.member };
    case 'replace':
      return action.cart;
  }
}

/** Before the API prices it: catalog prices (tax included) times quantities. */
export const cartGross = (cart: Cart) => cart.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
export const cartUnits = (cart: Cart) => cart.lines.reduce((sum, line) => sum + line.quantity, 0);

/** The reservation the cart asks for; the API prices it, taxes it and applies the discount. */
export function reserveRequest(terminalId: string, cart: Cart): transactions.CreateTransactionRequest {
  return {
    terminalId,
    lines: cart.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    ...(cart.member ? { customerId: cart.member.id } : {}),
    ...(cart.discount && cart.discount.value > 0 ? { discount: cart.discount } : {}),
  };
}
