import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/params';
import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { checkFinnishBusinessId, checkLanguageCode, checkPostalCode, checkRequired, checkVatNumber, checkWebsite } from '../../validators';
import { checkCountryCode, checkEmail } from '../../../shared/validators';
import { cfisRequest } from '../../transport';
import { checkDigitOptions, checkDigitsWanted } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Service Type',
		name: 'serviceType',
		type: 'options',
		options: [
			{ name: 'Co-Op', value: 'COOP', description: 'Co-operative service' },
			{ name: 'Intermediation', value: 'INTERMEDIATION', description: 'Printing and distribution only; the buyer pays the creditor directly' },
			{ name: 'Lifecycle', value: 'LIFECYCLE', description: 'Distribution, payment control, reminders and collection' },
		],
		default: 'LIFECYCLE',
		required: true,
		description: 'The core service the client signs up for',
	},
	{
		displayName: 'Partner Code',
		name: 'partnerCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'QUICK3',
		description: 'Your partner identifier, assigned by Confirma Finance',
	},
	{
		displayName: 'Company Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Test Customer Oy',
		description: 'Official name of the client company, as in the trade register',
	},
	{
		displayName: 'Business ID',
		name: 'businessCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2331972-7',
		description: 'Finnish business ID (Y-tunnus): 7 digits, a hyphen and a check digit',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: "The client's contact e-mail address",
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: 'FI',
		required: true,
		description: 'Two-letter ISO 3166-1 alpha-2 code of the postal address country, e.g. FI',
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: 'FI',
		required: true,
		description: 'Two-letter language code, e.g. FI, SV or EN',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional address and contact details of the client company',
		options: [
			{ displayName: 'Postal Address', name: 'postalAddress', type: 'string', default: '', placeholder: 'Testikuja 7', description: 'Street address of the company' },
			{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '', placeholder: '00100', description: 'Postal code of the address (5 digits in Finland)' },
			{ displayName: 'Postal District', name: 'postalDistrict', type: 'string', default: '', placeholder: 'HELSINKI', description: 'Postal district (city) of the address' },
			{ displayName: 'Telephone', name: 'telephone', type: 'string', default: '', placeholder: '+358 40 123 4567', description: 'Phone number of the company, in international format' },
			{ displayName: 'VAT Number', name: 'vatRegNbr', type: 'string', default: '', placeholder: 'FI23319727', description: 'VAT number of the company: country code and digits, e.g. FI23319727' },
			{ displayName: 'Website', name: 'website', type: 'string', default: '', placeholder: 'https://example.fi', description: 'Web address of the company, starting with https://' },
		],
	},
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Contact',
		default: {},
		description: 'Contact persons: primary, technical and accountant',
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					{
						displayName: 'Role',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Accountant', value: 'ACCOUNTANT', description: 'Bookkeeping and accounting matters' },
							{ name: 'Primary', value: 'PRIMARY', description: 'The main contact of the company' },
							{ name: 'Technical', value: 'TECHNICAL', description: 'Integration and API matters' },
						],
						default: 'PRIMARY',
						description: 'What Confirma Finance contacts this person about',
					},
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Full name of the contact person' },
					{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'E-mail address of the contact person (name@domain)' },
					{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '+358 40 123 4567', description: 'Phone number of the contact person, in international format' },
				],
			},
		],
	},
	checkDigitOptions,
];

/** The `POST /client` body (docs/cfis.md §4.1): `service`, `client`, `contacts`. */
export interface CreateClientBody extends IDataObject {
	service: { type: string; partnerCode: string };
	client: IDataObject;
	contacts: IDataObject[];
}

/**
 * Client → Create: onboards a new creditor client with `POST /client` (docs/cfis.md §4.1), authenticated with the
 * Partner Provisioning Token. Output: the API's answer, `{ clientId, customerCode, paymentReferencePrefix,
 * accessToken }` (field names [I]); the access token is what the client's Confirma Finance API credential needs.
 * A business ID that is already onboarded fails with 409 and says to validate or renew the existing token.
 * Checked before sending (docs/cfis.md §8): the required fields, business ID, e-mails, country and language codes,
 * and when given the VAT number (Finnish or another country's, `checkVatNumber`), the postal code against the
 * country (`checkPostalCode`) and the website (`checkWebsite`).
 */
export const create: OperationModule<CreateClientBody> = {
	oneAtATime: true,
	notForAgents: "its output holds the new client's access token in plain text",
	description: updateDisplayOptions({ show: { resource: ['client'], operation: ['create'] } }, properties),
	prepare(itemIndex) {
		const node = this.getNode();
		const text = (name: string) => readText(this, name, itemIndex);
		const checkDigit = checkDigitsWanted(this, itemIndex);
		const checks: Array<[string, string, (value: string) => string | undefined]> = [
			['partnerCode', 'Partner Code', checkRequired],
			['name', 'Company Name', checkRequired],
			['businessCode', 'Business ID', (v) => checkFinnishBusinessId(v, { checkDigit })],
			['email', 'Email', checkEmail],
			['countryCode', 'Country Code', checkCountryCode],
			['languageCode', 'Language Code', checkLanguageCode],
		];
		for (const [name, label, check] of checks) {
			const problem = check(text(name));
			if (problem) throw inputError(node, label, itemIndex, problem);
		}
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const extraChecks: Array<[string, string, (value: string) => string | undefined]> = [
			['vatRegNbr', 'VAT Number', (v) => checkVatNumber(v, { checkDigit })],
			['postalCode', 'Postal Code', (v) => checkPostalCode(v, text('countryCode'))],
			['website', 'Website', checkWebsite],
		];
		for (const [name, label, check] of extraChecks) {
			const value = String(additional[name] ?? '');
			const problem = value === '' ? undefined : check(value);
			if (problem) throw inputError(node, label, itemIndex, problem);
		}
		const client: IDataObject = {
			name: text('name'),
			businessCode: text('businessCode'),
			countryCode: text('countryCode'),
			email: text('email'),
			languageCode: text('languageCode').toUpperCase(),
		};
		for (const [key, value] of Object.entries(additional)) {
			if (typeof value === 'string' && value !== '') client[key] = value;
		}
		const contactList = ((this.getNodeParameter('contacts', itemIndex, {}) as IDataObject).contact ?? []) as IDataObject[];
		// Values come checked and trimmed from the item runner (nodes/shared/params.ts): text is text, Role one of its options.
		const contacts = contactList.map((contact, position) => {
			const label = `Contacts → Contact ${position + 1} → Email`;
			const problem = checkEmail(String(contact.email ?? ''));
			if (problem) throw inputError(node, label, itemIndex, problem);
			const entry: IDataObject = { type: contact.type, name: String(contact.name ?? ''), email: String(contact.email) };
			if (contact.phone) entry.phone = String(contact.phone);
			return entry;
		});
		return {
			service: { type: this.getNodeParameter('serviceType', itemIndex) as string, partnerCode: text('partnerCode') },
			client,
			contacts,
		};
	},
	async execute(body, itemIndex) {
		return await cfisRequest.call(this, {
			method: 'POST',
			path: '/client',
			body,
			itemIndex,
			credentialType: 'cfisPartnerApi',
			hints: {
				409: {
					message: `A client with business ID ${String(body.client.businessCode)} is already onboarded (409)`,
					hint: "Do not create it again: use Token → Validate or Token → Renew with the existing client's access token.",
				},
			},
		});
	},
};
