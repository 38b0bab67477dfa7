import type { Cart } from './cart.state';

/** A sale parked at the till to serve someone else first; nothing is reserved while it waits. */
export interface HeldSale {
  id: string;
  heldAt: string;
  cart: Cart;
}

const keyOf = (terminalId: string) => `tillwire.pos.held.${terminalId}`;

export function loadHeld(terminalId: string): HeldSale[] {
  const text = window.localStorage.getItem(keyOf(terminalId));
  return text ? (JSON.parse(text) as HeldSale[]) : [];
}

export function saveHeld(terminalId: string, held: HeldSale[]): void {
  window.localStorage.setItem(keyOf(terminalId), JSON.stringify(held));
}
