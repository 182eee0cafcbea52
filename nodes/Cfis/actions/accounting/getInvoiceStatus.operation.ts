import { CFIS_PATHS } from '../../transport/endpoints';
import { syncStatusOperation } from './common';

/**
 * Accounting → Get Invoice Status: `GET /accounting/invoice` (path [I], docs/cfis.md §4.10 "Invoice" page), one item per
 * invoice pushed to accounting (invoices created with *Accounting Sync*), `sourceIdentifier` = invoice number.
 */
export const getInvoiceStatus = syncStatusOperation('getInvoiceStatus', CFIS_PATHS.accountingInvoice, 'invoices', 'invoice');
