/**
 * CFIS seed (docs/cfis.md): the partner and client tokens (§2), the seeded client (§4.1), its invoices,
 * payments and settlements (§4.4-§4.9) and the Finvoice registry (§4.11).
 */

/** Partner Provisioning Token: only `POST /client` accepts it (cfis.md §2.2). */
export const CFIS_PARTNER_TOKEN = 'cfis-sandbox-partner-token';
/** Active client access token of the seeded client (cfis.md §2.1). */
export const CFIS_CLIENT_TOKEN = 'cfis-sandbox-client-token';
/** Expired client token of the seeded client: `/validate` says `isValid:false`, `/renew` works (cfis.md §2.3). */
export const CFIS_EXPIRED_CLIENT_TOKEN = 'cfis-sandbox-expired-token';

/** A client onboarded in CFIS (the fields `POST /client` returns, cfis.md §4.1, plus name and business ID). */
export interface CfisClient {
	clientId: string;
	customerCode: string;
	paymentReferencePrefix: string;
	name: string;
	/** Finnish business ID (Y-tunnus), `NNNNNNN-C` */
	businessCode: string;
}

/** The already-onboarded client: both seeded client tokens belong to it; creating it again answers 409. */
export const CFIS_SEED_CLIENT: CfisClient = {
	clientId: '9aa1c4e2-6b3d-4f8a-9c5e-2d7f1b0a3c64',
	customerCode: 'CF1000',
	paymentReferencePrefix: '1000',
	name: 'Sandbox Demo Oy',
	businessCode: '0737546-2',
};

/** A seeded invoice of the seeded client; dates are `dayOffset` days from the sandbox clock's today at reset. */
export interface SeedInvoice {
	number: string;
	dayOffset: number;
	/** gross total, decimal currency units (EUR) */
	amount: number;
	buyerName: string;
	paymentReference: string;
	/** distributed (INVOICED) or failed validation of the delivery data (ERROR, distribution FAILED) */
	outcome: 'INVOICED' | 'ERROR';
	/** under payment control: gets a case */
	withCase?: boolean;
}

/** The seeded client's invoices, agency payments and settlements (cfis.md §4.6-§4.9), relative to the clock. */
export interface SeedFinance {
	invoices: SeedInvoice[];
	/** agency payments on cases; `amount` in decimal currency units */
	payments: Array<{ invoiceNumber: string; dayOffset: number; amount: number; accountName: string; reference: string }>;
	/** settlement runs over the named invoices' payments; `fetched` ones already carry an `apiFetchDate` */
	settlements: Array<{ dayOffset: number; paymentInvoiceNumbers: string[]; fetched: boolean }>;
}

/**
 * Finance seed of {@link CFIS_SEED_CLIENT}. Payments sit on both sides of 30-day window boundaries (days −31/−30
 * and −1/0) so that window slicing can be tested for gaps and duplicates. Case ids start at 481900 in seed order.
 */
export const CFIS_SEED_FINANCE: SeedFinance = {
	invoices: [
		{ number: '202600104', dayOffset: -45, amount: 500, buyerName: 'Delta Oy', paymentReference: '8090801781763', outcome: 'INVOICED', withCase: true },
		{ number: '202600101', dayOffset: -20, amount: 1240.5, buyerName: 'ACME Oy', paymentReference: '1337109', outcome: 'INVOICED', withCase: true },
		{ number: '202600102', dayOffset: -10, amount: 310, buyerName: 'Beta Oy', paymentReference: '1232', outcome: 'ERROR' },
		{ number: '202600103', dayOffset: -5, amount: 99.9, buyerName: 'Gamma Oy', paymentReference: 'RF18539007547034', outcome: 'INVOICED' },
	],
	payments: [
		{ invoiceNumber: '202600104', dayOffset: -44, amount: 100, accountName: 'Delta Oy', reference: '8090801781763' },
		{ invoiceNumber: '202600104', dayOffset: -31, amount: 50, accountName: 'Delta Oy', reference: '8090801781763' },
		{ invoiceNumber: '202600104', dayOffset: -30, amount: 25, accountName: 'Delta Oy', reference: '8090801781763' },
		{ invoiceNumber: '202600101', dayOffset: -1, amount: 200, accountName: 'ACME Oy', reference: '1337109' },
		{ invoiceNumber: '202600101', dayOffset: 0, amount: 40.5, accountName: 'ACME Oy', reference: '1337109' },
	],
	settlements: [
		{ dayOffset: -25, paymentInvoiceNumbers: ['202600104'], fetched: true },
		{ dayOffset: 0, paymentInvoiceNumbers: ['202600101'], fetched: false },
	],
};

/** One record of the Finvoice registry (cfis.md §4.11 "Finvoice Credentials Response"). */
export interface FinvoiceAddress {
	eInvoiceAddressName: string;
	eInvoiceAddress: string;
	eInvoiceAddressType: string;
	eInvoiceOperatorId: string;
	eInvoiceOperatorName: string;
	lastModified: string;
}

/** The sandbox's Finvoice registry by business ID: one company with two addresses, one with one, one with none. */
export const CFIS_FINVOICE_REGISTRY: Record<string, FinvoiceAddress[]> = {
	'0737546-2': [
		{ eInvoiceAddressName: 'Sandbox Demo Oy', eInvoiceAddress: '003707375462', eInvoiceAddressType: 'EDI', eInvoiceOperatorId: '003721291126', eInvoiceOperatorName: 'Maventa', lastModified: '2026-01-15T10:00:00Z' },
	],
	'2331972-7': [
		{ eInvoiceAddressName: 'Demo Customer Oy', eInvoiceAddress: '003723319727', eInvoiceAddressType: 'EDI', eInvoiceOperatorId: 'E204503', eInvoiceOperatorName: 'OpusCapita', lastModified: '2025-11-02T08:30:00Z' },
		{ eInvoiceAddressName: 'Demo Customer Oy, Purchasing', eInvoiceAddress: 'FI2112345600000785', eInvoiceAddressType: 'IBAN', eInvoiceOperatorId: 'NDEAFIHH', eInvoiceOperatorName: 'Nordea', lastModified: '2024-06-30T12:00:00Z' },
	],
	'0112038-9': [],
};
