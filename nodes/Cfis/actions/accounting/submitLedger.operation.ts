import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { readCalendarDate } from '../../../shared/dates';
import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { checkDecimalAmount, checkFinnishBusinessId, checkIsoDate, checkLedgerBalance, checkRequired } from '../../validators';
import { CFIS_PATHS } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';
import { readText } from '../../../shared/params';
import { checkDigitsWanted, ensure, checkDigitOptions } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Ledger Identifier',
		name: 'ledgerIdentifier',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'abc-123-def-456',
		description: 'Your unique ID of this document; Get Ledger Status reports it as sourceIdentifier. Sending it again does not create a second ledger.',
	},
	{
		displayName: 'Company Business ID',
		name: 'companyIdentifier',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0737546-2',
		description: "The client company's Finnish business ID (Y-tunnus)",
	},
	{ displayName: 'Document Type', name: 'documentType', type: 'string', default: 'ML', description: 'Voucher type code of the accounting system, e.g. ML' },
	{ displayName: 'Document Name', name: 'documentName', type: 'string', default: '', placeholder: '1001', description: 'Name or number of the voucher in the accounting system' },
	{ displayName: 'Document Date', name: 'documentDate', type: 'dateTime', typeOptions: { dateOnly: true }, default: '', required: true, description: "Date of the voucher: the day in the workflow's time zone (sent as YYYY-MM-DD)" },
	{ displayName: 'Document Description', name: 'documentDescription', type: 'string', default: '', description: 'Free text describing the document, at most 210 characters' },
	{
		displayName: 'Calculation Mode',
		name: 'calculationMode',
		type: 'options',
		options: [
			{ name: 'Gross', value: 'GROSS', description: 'Row amounts include VAT' },
			{ name: 'Net', value: 'NET', description: 'Row amounts exclude VAT' },
		],
		default: 'GROSS',
		description: 'Whether the row amounts include VAT',
	},
	{
		displayName: 'Ledger Rows (JSON)',
		name: 'ledgerRows',
		type: 'json',
		default: '[\n  { "bookingDate": "2026-11-21", "accountNumber": "1701", "amount": 2990.00, "netAmount": 2990.00, "vatPercentage": 0, "isVatRow": 0 },\n  { "bookingDate": "2026-11-21", "accountNumber": "3000", "amount": -2990.00, "netAmount": -2382.47, "vatPercentage": 25.5, "isVatRow": 0 },\n  { "bookingDate": "2026-11-21", "accountNumber": "2939", "amount": 0, "netAmount": -607.53, "vatPercentage": 25.5, "isVatRow": 1 }\n]',
		required: true,
		description:
			'The journal rows: accountNumber, amount and netAmount (signed, decimal currency units), bookingDate, vatPercentage, vatCode, isVatRow (0/1), transactionDescription, ledgerDimensions. The netAmount values must sum to 0.00.',
	},
	checkDigitOptions,
];

/**
 * Accounting → Submit Ledger: `POST /accounting/ledger` (docs/cfis.md §4.10) with `{ ledgers: { ledgerIdentifier,
 * companyIdentifier, documentType, documentName, documentDate, documentDescription, calculationMode,
 * ledgerRows[] } }` (an object, as the docs show). Checked first: business ID, date, description length (210),
 * each row's account and 2-decimal amounts, and that the net amounts balance to 0.00. Output: the API's answer
 * (`{ ledgerIdentifier, status: 0, description: "Pending" }` in the sandbox).
 */
export const submitLedger: OperationModule<IDataObject> = {
	oneAtATime: true,
	description: updateDisplayOptions({ show: { resource: ['accounting'], operation: ['submitLedger'] } }, properties),
	prepare(itemIndex) {
		const node = this.getNode();
		const text = (name: string) => readText(this, name, itemIndex);
		const checkDigit = checkDigitsWanted(this, itemIndex);
		const ledger: IDataObject = {
			ledgerIdentifier: ensure(this, itemIndex, 'Ledger Identifier', text('ledgerIdentifier'), checkRequired),
			companyIdentifier: ensure(this, itemIndex, 'Company Business ID', text('companyIdentifier'), (v) => checkFinnishBusinessId(v, { checkDigit })),
			documentType: text('documentType'),
			documentName: text('documentName'),
			documentDate: readCalendarDate(this, this.getNodeParameter('documentDate', itemIndex, ''), 'Document Date', itemIndex, { required: true }),
			documentDescription: ensure(this, itemIndex, 'Document Description', text('documentDescription'), (v) =>
				v.length > 210 ? `has ${v.length} characters; at most 210 are allowed (character 211 onwards is too much)` : undefined,
			),
			calculationMode: this.getNodeParameter('calculationMode', itemIndex, 'GROSS') as string,
		};
		const raw = this.getNodeParameter('ledgerRows', itemIndex, '[]');
		let rows: unknown;
		try {
			rows = typeof raw === 'string' ? jsonParse(raw) : raw;
		} catch {
			throw inputError(node, 'Ledger Rows (JSON)', itemIndex, 'is not valid JSON');
		}
		if (!Array.isArray(rows) || rows.length === 0) throw inputError(node, 'Ledger Rows (JSON)', itemIndex, 'must be a non-empty JSON array of rows');
		(rows as IDataObject[]).forEach((row, position) => {
			const at = (field: string) => `Ledger Rows (JSON) → row ${position + 1} → ${field}`;
			if (!row || typeof row !== 'object') throw inputError(node, `Ledger Rows (JSON) → row ${position + 1}`, itemIndex, 'is not an object');
			ensure(this, itemIndex, at('accountNumber'), String(row.accountNumber ?? '').trim(), checkRequired);
			for (const field of ['amount', 'netAmount']) {
				ensure(this, itemIndex, at(field), String(row[field] ?? ''), (v) =>
					typeof row[field] === 'number' ? checkDecimalAmount(row[field] as number, { allowNegative: true }) : `"${v}" is not a number`,
				);
			}
			if (row.bookingDate !== undefined) ensure(this, itemIndex, at('bookingDate'), String(row.bookingDate), checkIsoDate);
		});
		ensure(this, itemIndex, 'Ledger Rows (JSON)', '', () => checkLedgerBalance((rows as IDataObject[]).map((row) => row.netAmount as number)));
		ledger.ledgerRows = rows as IDataObject[];
		return { ledgers: ledger };
	},
	async execute(body, itemIndex) {
		return await cfisRequest.call(this, { method: 'POST', path: CFIS_PATHS.accountingLedger, body, itemIndex, idempotent: false });
	},
};
