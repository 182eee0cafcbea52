/**
 * The seeded Zertiban operations (docs/zertiban.md §7, §10.1): one or more in every status, with shared
 * creation instants and a shared flow, so that paging, sorting and filtering have something to prove.
 */
import {
	VENDOR_EXAMPLE_OPERATION,
	ZERTIBAN_BUSINESS_UUID,
	ZERTIBAN_CONFIGURATION_UUID,
	ZERTIBAN_CREDITOR_ACCOUNT_UUID,
	ZERTIBAN_OTHER_TENANT_UUID,
	type OperationStatus,
	type SeedOperation,
	type ZertibanOperation,
} from './zertiban';

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
