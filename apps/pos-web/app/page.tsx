import { PosApp } from './_pos/pos-app';

export default function CheckoutPage() {
  return <PosApp />;
}
