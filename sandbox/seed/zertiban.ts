/**
 * Zertiban seed (docs/zertiban.md): the sandbox credential, the tenant's ids, the operation types with the
 * vendor's example operation (§7.2), beneficiary accounts (§9.1) and configurations (§9.2). The seeded operations
 * are in ./operations.ts.
 */

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
