/**
 * Every CFIS path and query parameter name the nodes use, in ONE place (docs/cfis.md §3). Entries tagged [I] are the
 * contract notes' proposals for what the vendor docs leave unknown: when Confirma Finance confirms the real
 * value, this map is the single edit (the sandbox reads it too).
 */
export const CFIS_PATHS = {
	/** `POST` — onboard a client (§4.1) [D] */
	client: '/client',
	/** `GET` — validate the token (§4.2) [D] */
	validate: '/validate',
	/** `GET` — renew the token (§4.3) [D] */
	renew: '/renew',
	/** `POST` — create a sales invoice (§4.4) [D] */
	invoice: '/invoice',
	/** `POST` — queue invoice / case actions (§4.5) [D] */
	invoiceAction: '/invoice/action',
	/** `GET` — case details (§4.6) [D] */
	invoiceCase: '/invoice/case',
	/** `GET` — distribution records (§4.7) [D] */
	invoiceDistribution: '/invoice/distribution',
	/** `GET` — payments allocated by the agency (§4.8) [D] */
	payments: '/payments',
	/** `GET` — settlements (§4.9) [D] */
	settlements: '/settlements',
	/** `POST` submit / `GET` status of ledgers (§4.10) [D] */
	accountingLedger: '/accounting/ledger',
	/** `POST` submit / `GET` status of payments (§4.10) [D] */
	accountingPayment: '/accounting/payment',
	/** `GET` — accounting sync status of invoices (§4.10 "Invoice" page) [I] */
	accountingInvoice: '/accounting/invoice',
	/** `GET` — Finvoice e-invoice addresses of a business ID (§4.11) [I] */
	finvoiceAddresses: '/operations/finvoice',
} as const;

/** Query parameter names (docs/cfis.md §4.6-§4.11). */
export const CFIS_QUERY = {
	/** case id of `GET /invoice/case` [I] */
	caseId: 'caseId',
	/** distribution filters, echoed in `metaData.filtersApplied` [D-ex] */
	invoiceNumber: 'invoiceNumber',
	fromInvDate: 'fromInvDate',
	toInvDate: 'toInvDate',
	fetchType: 'fetchType',
	/** payments and settlements period (payments [D] prose; settlements [I]) */
	fromDate: 'fromDate',
	toDate: 'toDate',
	/** settlements incremental sync [D] */
	unfetchedOnly: 'unfetchedOnly',
	/** accounting status filter by the caller's identifier [I] */
	sourceIdentifier: 'sourceIdentifier',
	/** Finvoice lookup by business ID [I] */
	businessId: 'businessId',
} as const;

/**
 * The longest period one listing request covers, in days (docs/cfis.md §10: 30-day default windows). The sandbox
 * refuses longer periods [SIM]; the nodes split longer ranges into consecutive windows of this many days.
 */
export const CFIS_WINDOW_DAYS = 30;
