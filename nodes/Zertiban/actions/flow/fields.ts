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
		default: null,
		required: true,
		placeholder: 'e.g. 2500',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'Amount to collect, a whole number of cents (minor units): 2500 = 25.00 EUR. The Zertiban sandbox accepts at most 100 (€1).',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: 'EUR',
		description: 'Three-letter ISO 4217 currency code of the amount (Zertiban uses EUR)',
	},
	{
		displayName: 'Concept',
		name: 'concept',
		type: 'string',
		default: '',
		placeholder: 'Invoice 2026-0042',
		description: 'Remittance text the payer and the bank statement show; keep it within 140 characters, the SEPA limit',
	},
	{
		displayName: 'Operation External ID',
		name: 'operationExternalId',
		type: 'string',
		default: '',
		description: 'Your own ID for this payment link (e.g. the invoice number); it comes back in webhooks, redirects and list filters',
	},
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		options: [
			{ name: 'Single (Immediate)', value: 'SINGLE_PAYMENT', description: 'The transfer runs when the payer authorises it' },
			{ name: 'Future (Scheduled)', value: 'FUTURE_PAYMENT', description: 'The transfer runs on the Requested Execution Date' },
		],
		default: 'SINGLE_PAYMENT',
		description: 'Pay now, or schedule the transfer for a later day',
	},
	{
		displayName: 'Requested Execution Date',
		name: 'requestedExecutionDate',
		type: 'dateTime',
		typeOptions: { dateOnly: true },
		default: '',
		displayOptions: { show: { paymentType: ['FUTURE_PAYMENT'] } },
		description: "The day the transfer runs, in the workflow's time zone (sent as YYYY-MM-DD), at least one business day ahead",
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
		description: 'The bank transfer the payer makes: standard SEPA, or instant SEPA where the payer\'s bank offers it',
	},
	{
		displayName: 'Payer Name',
		name: 'payerName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Marta',
		description: 'First name of the payer, sent to Zertiban with the payment. Optional.',
	},
	{
		displayName: 'Payer Last Name',
		name: 'payerLastName',
		type: 'string',
		default: '',
		placeholder: 'e.g. García',
		description: 'Last name of the payer, sent to Zertiban with the payment. Optional.',
	},
	{
		displayName: 'Payer Email',
		name: 'payerEmail',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		description: 'E-mail address of the payer (name@domain). Optional.',
	},
	{
		displayName: 'Expiration Offset',
		name: 'expirationOffset',
		type: 'string',
		default: '',
		placeholder: 'P7D',
		description: 'How long the link stays valid, as an ISO 8601 period in whole days from P1D to P156D (P7D = 7 days). Empty: the configuration default.',
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
		description: 'Two-letter ISO 3166-1 alpha-2 country of the payer, e.g. ES',
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
