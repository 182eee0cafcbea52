import { resourceOperations } from '../../../shared/resource';
import { getInvoiceStatus } from './getInvoiceStatus.operation';
import { getLedgerStatus } from './getLedgerStatus.operation';
import { getPaymentStatus } from './getPaymentStatus.operation';
import { submitLedger } from './submitLedger.operation';
import { submitPayment } from './submitPayment.operation';

/** Resource *Accounting*: the accounting-system sync add-on (docs/cfis.md §4.10). */
export const { operations, description } = resourceOperations('accounting', 'submitLedger', [
	{ module: getInvoiceStatus, name: 'Get Invoice Status', value: 'getInvoiceStatus', action: 'Get accounting status of invoices', description: 'Sync status of invoices pushed to the accounting system' },
	{ module: getLedgerStatus, name: 'Get Ledger Status', value: 'getLedgerStatus', action: 'Get accounting status of ledgers', description: 'Sync status of submitted ledger documents: pending, synced or failed' },
	{ module: getPaymentStatus, name: 'Get Payment Status', value: 'getPaymentStatus', action: 'Get accounting status of payments', description: 'Sync status of submitted payments: pending, synced or failed' },
	{ module: submitLedger, name: 'Submit Ledger', value: 'submitLedger', action: 'Submit a ledger document', description: 'Send a balanced journal document to the accounting system' },
	{ module: submitPayment, name: 'Submit Payment', value: 'submitPayment', action: 'Submit a payment', description: 'Send a payment record to the accounting system' },
]);
