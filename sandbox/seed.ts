/**
 * Fixed seed data of the sandbox: credentials, the Zertiban operations and the CFIS tokens and clients.
 *
 * Every value here is a documented constant so that examples, tests and demo workflows are reproducible.
 * None of them is a real secret: they only open the local sandbox (127.0.0.1).
 * Each `startSandbox()` call starts from a deep copy of this data; nothing here is ever mutated.
 */

// ---------------------------------------------------------------------------------------------------------
// Zertiban (shared/api/zertiban.md)
// ---------------------------------------------------------------------------------------------------------

/** OAuth2 client id of the sandbox's only API credential (zertiban.md §3.1, sent with HTTP Basic). */
export const ZERTIBAN_CLIENT_ID = 'sandbox-client';
/** OAuth2 client secret belonging to {@link ZERTIBAN_CLIENT_ID} (zertiban.md §3.1). */
export const ZERTIBAN_CLIENT_SECRET = 'sandbox-secret-7c3e91b4d2a8';
/** The tenant (`businessUuid`, sent as `x-tenant-id`) the seeded credential belongs to (zertiban.md §4.1). */
export const ZERTIBAN_BUSINESS_UUID = '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f';
/** HMAC key for webhook signatures (zertiban.md §11.5); handed to clients in `SandboxInfo`. */
export const ZERTIBAN_WEBHOOK_SECRET = 'sandbox-webhook-secret';
/** A second tenant that owns one operation; no credential is seeded for it (it exists for the 404 rule, §5). */
export const ZERTIBAN_OTHER_TENANT_UUID = '8adf93af-4494-4281-8a6e-c01e02bfa1f6';
/** The tenant's default flow configuration (the one in the vendor example of zertiban.md §7.2). */
export const ZERTIBAN_CONFIGURATION_UUID = 'e4f2b446-30c3-4e4e-a767-188c552ca459';
/** The tenant's default beneficiary account, used by every seeded operation except the vendor example. */
export const ZERTIBAN_CREDITOR_ACCOUNT_UUID = 'c32de618-28cd-4799-9f5e-8e85ea7d645c';

/** Operation statuses (zertiban.md §10.1). */
export type OperationStatus =
	| 'CREATED'
	| 'OPENED'
	| 'COMPLETED'
	| 'REJECTED'
	| 'EXPIRED'
	| 'CANCELLED'
	| 'NOT_DELIVERED';

/** Every operation status, in lifecycle order (zertiban.md §10.1). */
export const OPERATION_STATUSES: readonly OperationStatus[] = [
	'CREATED',
	'OPENED',
	'COMPLETED',
	'REJECTED',
	'EXPIRED',
	'CANCELLED',
	'NOT_DELIVERED',
];

/**
 * An operation exactly as `GET /flow/v1/operations/{uuid}` returns it (zertiban.md §7.2).
 * Amounts are integer minor units (cents); timestamps ISO 8601 UTC; `expirationOffset` an ISO 8601 day period.
 */
export interface ZertibanOperation {
	uuid: string;
	externalId?: string;
	configurationUuid: string;
	status: OperationStatus;
	type: 'PAYMENT';
	expirationOffset: string;
	expiresAt: string;
	createdAt: string;
	flowUuid: string;
	synchronous: boolean;
	payment: {
		paymentUuid: string;
		/** minor units (cents) */
		amount: number;
		currency: string;
		types: string[][];
		psd2Payment: {
			type: 'SINGLE_PAYMENT' | 'FUTURE_PAYMENT';
			product: 'SEPA_CREDIT_TRANSFER' | 'INSTANT_SEPA_CREDIT_TRANSFER';
			requestedExecutionDate?: string;
			creditorAccount: { uuid: string };
		};
		concept?: string;
		documents?: Array<{ uuid: string; type: string; name: string }>;
		subject?: { name?: string; lastName?: string; email?: string };
	};
	/** PagaFactu operations only; `collectedAmount.amount` in minor units. */
	invoice?: { externalId?: string; dueDate?: string; collectedAmount: { amount: number; currency: string } };
}

/**
 * A seeded operation with the sandbox's bookkeeping: the owning tenant and the time of the last status change
 * (used by `sort_by=statusUpdatedAt`, zertiban.md §7.1). Neither appears in API responses.
 */
export interface SeedOperation {
	tenantUuid: string;
	statusUpdatedAt: string;
	operation: ZertibanOperation;
}

/** uuid of the vendor's own operation example (shared/seeds/001_feab0d86fc6bc9f5.txt). */
export const VENDOR_EXAMPLE_OPERATION_UUID = '94ba8750-b772-4ca1-91b0-1c8a658a6175';

/**
 * The vendor's operation-detail example, field for field as on the vendor page
 * (shared/seeds/001_feab0d86fc6bc9f5.txt; the page's obfuscated e-mail is `luis@example.org`).
 * The page reuses the operation uuid for flow, creditor account and document; so does this copy.
 */
export const VENDOR_EXAMPLE_OPERATION: ZertibanOperation = {
	uuid: VENDOR_EXAMPLE_OPERATION_UUID,
	externalId: 'EXT-99',
	configurationUuid: ZERTIBAN_CONFIGURATION_UUID,
	status: 'CREATED',
	type: 'PAYMENT',
	expirationOffset: 'P7D',
	expiresAt: '2025-09-25T10:00:00Z',
	createdAt: '2025-09-25T10:00:00Z',
	flowUuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
	synchronous: true,
	payment: {
		paymentUuid: 'd0986926-2b7c-44f2-8d14-0a283cfe4886',
		amount: 176483,
		currency: 'EUR',
		types: [['PSD2_PAYMENT']],
		psd2Payment: {
			type: 'FUTURE_PAYMENT',
			product: 'INSTANT_SEPA_CREDIT_TRANSFER',
			requestedExecutionDate: '2025-10-01',
			creditorAccount: { uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175' },
		},
		concept: 'Pago factura 9911',
		documents: [{ uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175', type: 'INVOICE', name: 'Factura 9911' }],
		subject: { name: 'Luis', lastName: 'Gómez', email: 'luis@example.org' },
	},
	invoice: {
		externalId: 'INV-9911',
		dueDate: '2025-10-30T00:00:00Z',
		collectedAmount: { amount: 12343, currency: 'EUR' },
	},
};

/** Builds a plain ZertiPay operation (SEPA credit transfer, P7D, default configuration and account). */
function zertiPayOperation(o: {
	uuid: string;
	externalId: string;
	status: OperationStatus;
	createdAt: string;
	flowUuid: string;
	paymentUuid: string;
	amount: number;
	concept: string;
	subject: NonNullable<ZertibanOperation['payment']['subject']>;
}): ZertibanOperation {
	const expiresAt = new Date(Date.parse(o.createdAt) + 7 * 86_400_000).toISOString().replace('.000Z', 'Z');
	return {
		uuid: o.uuid,
		externalId: o.externalId,
		configurationUuid: ZERTIBAN_CONFIGURATION_UUID,
		status: o.status,
		type: 'PAYMENT',
		expirationOffset: 'P7D',
		expiresAt,
		createdAt: o.createdAt,
		flowUuid: o.flowUuid,
		synchronous: true,
		payment: {
			paymentUuid: o.paymentUuid,
			amount: o.amount,
			currency: 'EUR',
			types: [['PSD2_PAYMENT']],
			psd2Payment: {
				type: 'SINGLE_PAYMENT',
				product: 'SEPA_CREDIT_TRANSFER',
				creditorAccount: { uuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID },
			},
			concept: o.concept,
			subject: o.subject,
		},
	};
}

const T = ZERTIBAN_BUSINESS_UUID;
const SHARED_FLOW_UUID = '0f9289ff-d2a0-477d-aba3-f7383d900578';
const marta = { name: 'Marta', lastName: 'Ruiz', email: 'marta@example.org' };
const jordi = { name: 'Jordi', lastName: 'Puig', email: 'jordi@example.org' };

const pagaFactu106Base = zertiPayOperation({
	uuid: 'aaa33af0-7f49-474b-ab52-f590967c55dd',
	externalId: 'EXT-106',
	status: 'CREATED',
	createdAt: '2025-09-29T15:20:00Z',
	flowUuid: '0491d599-2787-44b5-9323-2a1c79d09f7b',
	paymentUuid: 'b9654964-b812-40e1-b12e-8242e46241a1',
	amount: 9075,
	concept: 'Pago factura 9920',
	subject: jordi,
});
/** A PagaFactu-style operation: with an invoice document and the `invoice` block. */
const pagaFactu106: ZertibanOperation = {
	...pagaFactu106Base,
	payment: {
		...pagaFactu106Base.payment,
		documents: [{ uuid: '472aa656-65f3-4cef-a39a-45854113897f', type: 'INVOICE', name: 'Factura 9920' }],
	},
	invoice: { externalId: 'INV-9920', dueDate: '2025-10-29T00:00:00Z', collectedAmount: { amount: 0, currency: 'EUR' } },
};

/**
 * All seeded operations (zertiban.md §7, §10.1). Tenant {@link ZERTIBAN_BUSINESS_UUID} owns eleven (one more than
 * the default page size of 10): the vendor example (CREATED) and at least one in every other status; three share
 * `createdAt` 2025-09-29T15:20:00Z and two share `createdAt` 2025-10-01T09:00:00Z (so paging relies on the uuid
 * tie-break); EXT-107 and EXT-108 share a flow. The last one belongs to {@link ZERTIBAN_OTHER_TENANT_UUID} and
 * reuses externalId `EXT-99`.
 */
export const SEED_OPERATIONS: readonly SeedOperation[] = [
	{ tenantUuid: T, statusUpdatedAt: '2025-09-25T10:00:00Z', operation: VENDOR_EXAMPLE_OPERATION },
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-26T09:02:11Z',
		operation: zertiPayOperation({
			uuid: 'cbd6f94c-65ae-410e-8c7b-b0ab1b865777',
			externalId: 'EXT-100',
			status: 'OPENED',
			createdAt: '2025-09-26T08:30:00Z',
			flowUuid: '35007129-ff47-4e58-8b31-9493d470ccf0',
			paymentUuid: 'e3fd45d9-1c67-4e59-a991-2521811fae0c',
			amount: 2500,
			concept: 'Pago factura 9912',
			subject: marta,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-27T12:14:40Z',
		operation: zertiPayOperation({
			uuid: '0a621874-852f-4794-a3cc-b38f06c8eabe',
			externalId: 'EXT-101',
			status: 'COMPLETED',
			createdAt: '2025-09-27T12:00:00Z',
			flowUuid: 'ce92dfb5-89e9-4c17-a407-dea7f4b2f98a',
			paymentUuid: '9aa5e15f-9936-4167-a260-f37a77cfe022',
			amount: 100,
			concept: 'Pago factura 9913',
			subject: { name: 'Ana', lastName: 'Pérez', email: 'ana@example.org' },
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-28T08:01:05Z',
		operation: zertiPayOperation({
			uuid: '85fd430f-ea88-4ac8-843e-a0eb4cbd9833',
			externalId: 'EXT-102',
			status: 'REJECTED',
			createdAt: '2025-09-28T07:45:00Z',
			flowUuid: '74b194e5-4a11-41c6-8c55-de8ed92f8dd0',
			paymentUuid: 'c8e54351-9c90-464c-b6b6-92a5897c3eac',
			amount: 4999,
			concept: 'Pago factura 9914',
			subject: jordi,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-17T10:00:00Z',
		operation: zertiPayOperation({
			uuid: 'f340723b-d1f0-4984-bc5b-30acd8715dce',
			externalId: 'EXT-103',
			status: 'EXPIRED',
			createdAt: '2025-09-10T10:00:00Z',
			flowUuid: '25f839aa-20d3-4bfa-8d1f-46e8c23b767c',
			paymentUuid: '3c662f95-e6d3-4426-8d3d-e045fac69907',
			amount: 15075,
			concept: 'Pago factura 9901',
			subject: marta,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-30T10:00:00Z',
		operation: zertiPayOperation({
			uuid: '402f30ba-3988-4a79-b7dd-8cd9134f923e',
			externalId: 'EXT-104',
			status: 'CANCELLED',
			createdAt: '2025-09-29T15:20:00Z',
			flowUuid: '2de9a256-61d0-41f0-93f2-41f43a938016',
			paymentUuid: 'b2991a93-0e51-45d8-9bc0-c30806c3a55b',
			amount: 3000,
			concept: 'Pago factura 9915',
			subject: marta,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-29T15:25:00Z',
		operation: zertiPayOperation({
			uuid: 'f6354c97-a9f6-4b46-a94e-1abeb613d896',
			externalId: 'EXT-105',
			status: 'NOT_DELIVERED',
			createdAt: '2025-09-29T15:20:00Z',
			flowUuid: '172195d0-1715-4ff7-87d2-0701b721a183',
			paymentUuid: 'c23e3574-78cd-4fe8-8b4b-30e48ff61acd',
			amount: 750,
			concept: 'Pago factura 9916',
			subject: { name: 'Pau', lastName: 'Vidal', email: 'pau@example.org' },
		}),
	},
	{ tenantUuid: T, statusUpdatedAt: '2025-09-29T15:20:00Z', operation: pagaFactu106 },
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-10-02T11:30:00Z',
		operation: zertiPayOperation({
			uuid: '9f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
			externalId: 'EXT-107',
			status: 'COMPLETED',
			createdAt: '2025-10-01T09:00:00Z',
			flowUuid: SHARED_FLOW_UUID,
			paymentUuid: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
			amount: 100,
			concept: 'Cuota octubre (1/2)',
			subject: jordi,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-10-01T09:45:00Z',
		operation: zertiPayOperation({
			uuid: '5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
			externalId: 'EXT-108',
			status: 'OPENED',
			createdAt: '2025-10-01T09:00:00Z',
			flowUuid: SHARED_FLOW_UUID,
			paymentUuid: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
			amount: 100,
			concept: 'Cuota octubre (2/2)',
			subject: jordi,
		}),
	},
	{
		tenantUuid: T,
		statusUpdatedAt: '2025-09-06T10:00:00Z',
		operation: zertiPayOperation({
			uuid: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70',
			externalId: 'EXT-109',
			status: 'COMPLETED',
			createdAt: '2025-09-05T08:00:00Z',
			flowUuid: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81',
			paymentUuid: 'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b92',
			amount: 100,
			concept: 'Pago factura 9899',
			subject: { name: 'Ana', lastName: 'Pérez', email: 'ana@example.org' },
		}),
	},
	{
		tenantUuid: ZERTIBAN_OTHER_TENANT_UUID,
		statusUpdatedAt: '2025-09-30T12:00:00Z',
		operation: zertiPayOperation({
			uuid: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
			externalId: 'EXT-99',
			status: 'CREATED',
			createdAt: '2025-09-30T12:00:00Z',
			flowUuid: '3b4c5d6e-7f80-4a91-b2c3-d4e5f6a7b8c9',
			paymentUuid: '4c5d6e7f-8091-4a2b-9c3d-e4f5a6b7c8d9',
			amount: 1200,
			concept: 'Other tenant invoice',
			subject: marta,
		}),
	},
];

/** uuid of the operation owned by {@link ZERTIBAN_OTHER_TENANT_UUID} (always 404 for the seeded credential). */
export const OTHER_TENANT_OPERATION_UUID = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';

/** The tenant's second, non-default ACTIVE configuration ([SIM], gives the configuration search a choice). */
export const ZERTIBAN_URGENT_CONFIGURATION_UUID = '5b1e2f4a-8c3d-4e6f-9a7b-1c2d3e4f5a6b';
/** The tenant's DISABLED configuration: a flow that names it is refused with 400 (zertiban.md §9.2). */
export const ZERTIBAN_DISABLED_CONFIGURATION_UUID = '6c2f3a5b-9d4e-4f70-8b8c-2d3e4f5a6b7c';
/** The tenant's DISABLED beneficiary account (zertiban.md §15.2): a flow that names it is refused with 400. */
export const ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID = 'd43ef729-39e5-48a0-9b1f-3e4f5a6b7c8d';

/** A beneficiary (creditor) account as the API returns it (zertiban.md §9.1); `accountNumber` is masked. */
export interface ZertibanCreditorAccount {
	uuid: string;
	accountNumber: string;
	type: 'IBAN';
	alias: string;
	status: 'ACTIVE' | 'DISABLED';
	isDefault: boolean;
	aspsp?: { uuid: string; commercialName: string; icon: string };
}

/**
 * Seeded beneficiary accounts with their owner tenant (zertiban.md §15.2): the tenant's ACTIVE default, its
 * DISABLED one, and one of the other tenant (404 for the seeded credential).
 */
export const SEED_CREDITOR_ACCOUNTS: ReadonlyArray<{ tenantUuid: string; account: ZertibanCreditorAccount }> = [
	{
		tenantUuid: ZERTIBAN_BUSINESS_UUID,
		account: {
			uuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID,
			accountNumber: 'ES700487************9679',
			type: 'IBAN',
			alias: 'Cuenta principal cobros',
			status: 'ACTIVE',
			isDefault: true,
			aspsp: {
				uuid: 'a1b2c3d4-0000-4000-8000-000000000487',
				commercialName: 'Banco Sabadell',
				icon: 'https://nc-api-sandbox.zertiban.com/static/aspsp/sabadell.png',
			},
		},
	},
	{
		tenantUuid: ZERTIBAN_BUSINESS_UUID,
		account: {
			uuid: ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID,
			accountNumber: 'ES91 2100 0418 ***** 4567',
			type: 'IBAN',
			alias: 'Cuenta antigua',
			status: 'DISABLED',
			isDefault: false,
		},
	},
	{
		tenantUuid: ZERTIBAN_OTHER_TENANT_UUID,
		account: {
			uuid: 'e54f0a3b-4af6-49b1-8c20-4f5a6b7c8d9e',
			accountNumber: 'ES12 0049 ***** 1111',
			type: 'IBAN',
			alias: 'Other tenant account',
			status: 'ACTIVE',
			isDefault: true,
		},
	},
];

/** A flow configuration summary as the list returns it (zertiban.md §9.2). */
export interface ZertibanConfigurationSummary {
	uuid: string;
	name: string;
	description: string;
	isDefault: boolean;
	status: 'ACTIVE' | 'DISABLED';
}

/**
 * Seeded configurations with their owner tenant, the payer-page language and the default expiration offset
 * operations get when they name none ([SIM]: the docs put the offset in the configuration but not in its response).
 */
export const SEED_CONFIGURATIONS: ReadonlyArray<{
	tenantUuid: string;
	language: 'es' | 'en';
	expirationOffset: string;
	createdAt: string;
	summary: ZertibanConfigurationSummary;
}> = [
	{
		tenantUuid: ZERTIBAN_BUSINESS_UUID,
		language: 'es',
		expirationOffset: 'P7D',
		createdAt: '2025-01-01T00:00:01Z',
		summary: {
			uuid: ZERTIBAN_CONFIGURATION_UUID,
			name: 'Default',
			description: 'Default configuration created at onboarding',
			isDefault: true,
			status: 'ACTIVE',
		},
	},
	{
		tenantUuid: ZERTIBAN_BUSINESS_UUID,
		language: 'en',
		expirationOffset: 'P7D',
		createdAt: '2025-03-10T09:00:00Z',
		summary: {
			uuid: ZERTIBAN_URGENT_CONFIGURATION_UUID,
			name: 'Urgent 7 days',
			description: 'English payer page, links valid 7 days',
			isDefault: false,
			status: 'ACTIVE',
		},
	},
	{
		tenantUuid: ZERTIBAN_BUSINESS_UUID,
		language: 'es',
		expirationOffset: 'P30D',
		createdAt: '2025-02-01T09:00:00Z',
		summary: {
			uuid: ZERTIBAN_DISABLED_CONFIGURATION_UUID,
			name: 'Collections 30 days',
			description: 'Retired',
			isDefault: false,
			status: 'DISABLED',
		},
	},
	{
		tenantUuid: ZERTIBAN_OTHER_TENANT_UUID,
		language: 'es',
		expirationOffset: 'P7D',
		createdAt: '2025-01-01T00:00:01Z',
		summary: {
			uuid: 'f65a1b4c-5b07-4ac2-9d31-5a6b7c8d9e0f',
			name: 'Default',
			description: 'Other tenant',
			isDefault: true,
			status: 'ACTIVE',
		},
	},
];

// ---------------------------------------------------------------------------------------------------------
// CFIS (shared/api/cfis.md)
// ---------------------------------------------------------------------------------------------------------

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
