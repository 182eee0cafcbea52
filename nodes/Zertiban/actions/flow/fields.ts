import type { INodeProperties } from 'n8n-workflow';

import { beneficiaryAccountLocator, configurationLocator } from '../common.descriptions';

/**
 * The fields of one payment operation (docs/zertiban.md §6.1 operation object), shared by *Create* (inside its
 * *Operations* list) and *Create PagaFactu* (top level). Amounts are integer cents.
 */
export const PAYMENT_FIELDS: INodeProperties[] = [
	{
		displayName: 'Amount (Cents)',
		name: 'amount',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'Amount to collect in cents (minor units): 2500 = 25.00 EUR. The Zertiban sandbox accepts at most 100 (€1).',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: 'EUR',
		description: 'ISO 4217 currency code',
	},
	{
		displayName: 'Concept',
		name: 'concept',
		type: 'string',
		default: '',
		placeholder: 'Invoice 2026-0042',
		description: 'Remittance text the payer and the bank statement show',
	},
	{
		displayName: 'Operation External ID',
		name: 'operationExternalId',
		type: 'string',
		default: '',
		description: 'Your own ID for this payment (e.g. the invoice number); it comes back in webhooks and filters',
	},
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		options: [
			{ name: 'Single (Immediate)', value: 'SINGLE_PAYMENT' },
			{ name: 'Future (Scheduled)', value: 'FUTURE_PAYMENT' },
		],
		default: 'SINGLE_PAYMENT',
		description: 'Pay now, or schedule the transfer for a requested execution date',
	},
	{
		displayName: 'Requested Execution Date',
		name: 'requestedExecutionDate',
		type: 'dateTime',
		default: '',
		description:
			"Only for a Future payment: the day the transfer runs, in the workflow's time zone (sent as YYYY-MM-DD, at least one day ahead)",
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		options: [
			{ name: 'SEPA Credit Transfer', value: 'SEPA_CREDIT_TRANSFER', description: 'Standard SEPA transfer (next business day)' },
			{ name: 'Instant SEPA Credit Transfer', value: 'INSTANT_SEPA_CREDIT_TRANSFER', description: 'Arrives within seconds' },
		],
		default: 'SEPA_CREDIT_TRANSFER',
	},
	{ displayName: 'Payer Name', name: 'payerName', type: 'string', default: '' },
	{ displayName: 'Payer Last Name', name: 'payerLastName', type: 'string', default: '' },
	{ displayName: 'Payer Email', name: 'payerEmail', type: 'string', default: '', placeholder: 'name@email.com' },
	{
		displayName: 'Expiration Offset',
		name: 'expirationOffset',
		type: 'string',
		default: '',
		placeholder: 'P7D',
		description: 'How long the link stays valid, in days as P1D to P156D. Empty: the configuration default.',
	},
];

/** The flow-level fields of both creates: external ID, country, configuration and beneficiary account. */
export const FLOW_FIELDS: INodeProperties[] = [
	{
		displayName: 'Flow External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'COLL-2026-0042',
		description:
			'Your own ID for the flow. Strongly recommended: if the answer to the create is lost, the node finds the flow by this ID instead of creating it twice.',
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: 'ES',
		required: true,
		description: 'ISO 3166-1 alpha-2 country of the payer (e.g. ES)',
	},
	{
		...configurationLocator,
		required: false,
		description: 'The flow configuration (branding, language, expiry, redirections). Empty: the business default.',
	},
	{
		...beneficiaryAccountLocator,
		required: false,
		description: 'The account (IBAN) that receives the payment; must be ACTIVE. Empty: the business default.',
	},
];
