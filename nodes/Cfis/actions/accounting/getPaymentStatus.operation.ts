import { CFIS_PATHS } from '../../transport/endpoints';
import { syncStatusOperation } from './common';

/** Accounting → Get Payment Status: `GET /accounting/payment` (docs/cfis.md §4.10), one item per submitted payment. */
export const getPaymentStatus = syncStatusOperation('getPaymentStatus', CFIS_PATHS.accountingPayment, 'payments', 'payment');
