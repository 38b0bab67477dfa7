import { nexoDevice } from '../adapters/nexo/nexo.device';
import { decodeReference } from '../adapters/nexo/nexo.reference';
import { simulatorDevice } from '../adapters/simulator/simulator.device';
import type { DeviceCodec, Vendor } from '../adapters/vendor-adapter';
import { serviceIdOf } from './simulated-payment';

/** A vendor's protocol as the simulated terminal speaks it. */
export interface VendorDevice {
  readonly codec: DeviceCodec;
  /**
   * The ServiceID of the payment a reference in a command names. References come back in the
   * vendor's form: the simulator's own `SIM-<ServiceID>`, or a nexo POITransactionID, whose
   * TransactionID the nexo device sets to the payment's ServiceID.
   */
  paymentOf(reference: string): string | undefined;
}

export const VENDOR_DEVICES: Readonly<Record<Vendor, VendorDevice>> = {
  simulator: { codec: simulatorDevice, paymentOf: serviceIdOf },
  nexo: { codec: nexoDevice, paymentOf: (reference) => decodeReference(reference)?.TransactionID },
};
