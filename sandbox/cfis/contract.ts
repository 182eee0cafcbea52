/**
 * The CFIS paths and codes the simulator serves, read from the API contract (docs/cfis.md §3, §4, §7) and
 * written here on purpose apart from the node's own map: if the node's map drifts from the contract, the
 * sandbox answers 404 or 400 and a test fails. Paths are relative to the base path `/api/v1/partner` (§1).
 */

/** Finance endpoint paths (cfis.md §3 endpoint index; [I] where the contract proposes the path). */
export const PATHS = {
	/** `POST` create a sales invoice (§4.4) [D] */
	invoice: '/invoice',
	/** `POST` queue actions on an invoice / case (§4.5) [D] */
	invoiceAction: '/invoice/action',
	/** `GET` case details, query `caseId` (§4.6) [D] path, [I] parameter */
	invoiceCase: '/invoice/case',
	/** `GET` distribution records (§4.7) [D] */
	invoiceDistribution: '/invoice/distribution',
	/** `GET` agency payments, bare array (§4.8) [D] */
	payments: '/payments',
	/** `GET` settlements (§4.9) [D] */
	settlements: '/settlements',
	/** `POST` submit / `GET` sync status of ledgers (§4.10) [D] */
	accountingLedger: '/accounting/ledger',
	/** `POST` submit / `GET` sync status of payments (§4.10) [D] */
	accountingPayment: '/accounting/payment',
	/** `GET` accounting sync status of invoices (§4.10 "Invoice") [I] */
	accountingInvoice: '/accounting/invoice',
	/** `GET` Finvoice addresses, query `businessId` (§4.11) [I] */
	finvoiceAddresses: '/operations/finvoice',
} as const;

/** Days one listing request may span; also the default window (cfis.md §10: 30-day default) [D]/[SIM]. */
export const WINDOW_DAYS = 30;

/** Invoice action codes (cfis.md §4.5, §7.4) [D-ex]. */
export const ACTION_CODES: readonly string[] = ['COMMENT', 'WITHDRAW', 'DUEDATE', 'PAYMENTPLAN', 'OBJECTION', 'PAUSE', 'DIRECTPAYMENT'];

/** `invoice.header.type` values (cfis.md §7.1) [D]. */
export const INVOICE_TYPES: readonly string[] = ['INVOICE', 'CREDIT_NOTE', 'REMINDER', 'AUTO_PAYMENT_INVOICE', 'COLLECTION', 'FACTORING'];

/** `distribution.method` values: `EMAIL` [D-ex]; `EINVOICE`, `LETTER` the contract's plausible others (cfis.md §5.1) [I]. */
export const DISTRIBUTION_METHODS: readonly string[] = ['EMAIL', 'EINVOICE', 'LETTER'];

/** Distribution `fetchType` filter values; the real set is unknown (cfis.md §4.7, §14) [SIM]. */
export const FETCH_TYPES: readonly string[] = ['ALL', 'SUCCESS', 'FAILED', 'PENDING'];
