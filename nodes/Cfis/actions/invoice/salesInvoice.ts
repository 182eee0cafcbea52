import type { IDataObject } from 'n8n-workflow';

import { checkDecimalAmount, checkDueDate, checkInvoiceNumber, checkFinnishBusinessId, checkIban, checkIsoDate, checkLanguageCode, checkPaymentReference, checkPostalCode, checkRequired, checkVatNumber, type CheckDigitOptions } from '../../validators';
import { checkCountryCode, checkCurrencyCode, checkEmail, checkNumber } from '../../../shared/validators';
import { optionValuesOf } from './create.properties';
import { JsonInteger } from '../../transport/json';

/** One problem in a SalesInvoiceRequest: the dotted JSON path (e.g. `invoice.header.dueDate`) and the reason. */
export interface InvoiceProblem {
	path: string;
	reason: string;
}

const objectAt = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
const textAt = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/**
 * Checks a SalesInvoiceRequest (docs/cfis.md §5.1) before it is sent, whichever way it was built (guided fields or the
 * JSON body): distribution method; header number (1 to 18 digits as text, or a whole number up to 2^53 − 1: see
 * `checkInvoiceNumber`), type, date, due date not before the date, currency,
 * language; a credit note names the credited invoice (an invoice number too); the payment reference (Finnish 7-3-1 or RF); seller
 * business ID and name, buyer name; for every party given (seller, buyer, invoice recipient, delivery) its business
 * ID, VAT number, language, e-mail addresses (`email`, `contact.email`, `contact.contactPerson.email`), address
 * country and postal code (checked against the country) and IBAN, when given (docs/cfis.md §8); the delivery data
 * the method needs (EMAIL → an e-mail address; EINVOICE → e-invoice address and operator; LETTER → street and
 * postal code); rows with numeric quantity and unit price in currency units with at most 2 decimals, VAT 0-100
 * (every number finite and exact in JSON, see `checkNumber`). VAT numbers: Finnish or another country's (`checkVatNumber`).
 * Check digits are verified unless `checkDigit` is false. Returns every problem, in document order.
 */
export function checkSalesInvoice(body: IDataObject, options: CheckDigitOptions = {}): InvoiceProblem[] {
	const problems: InvoiceProblem[] = [];
	const check = (path: string, value: unknown, ...checks: Array<(v: string) => string | undefined>) => {
		for (const run of checks) {
			const reason = run(textAt(value));
			if (reason) {
				problems.push({ path, reason });
				return false;
			}
		}
		return true;
	};
	const optional = (path: string, value: unknown, ...checks: Array<(v: string) => string | undefined>) =>
		textAt(value) === '' || check(path, value, ...checks);
	const oneOf = (values: readonly string[]) => (v: string) => (values.includes(v) ? undefined : `"${v}" is not one of ${values.join(', ')}`);

	const distribution = objectAt(body.distribution);
	check('distribution.method', distribution.method, oneOf(optionValuesOf('distributionMethod')));
	const invoice = objectAt(body.invoice);
	const header = objectAt(invoice.header);
	check('invoice.header.number', header.number, checkRequired, () => checkInvoiceNumber(header.number));
	optional('invoice.header.type', header.type, oneOf(optionValuesOf('type')));
	const dateOk = check('invoice.header.date', header.date, checkIsoDate);
	if (check('invoice.header.dueDate', header.dueDate, checkIsoDate) && dateOk) {
		check('invoice.header.dueDate', header.dueDate, (v) => checkDueDate(v, textAt(header.date)));
	}
	check('invoice.header.currencyCode', header.currencyCode, checkCurrencyCode);
	optional('invoice.header.languageCode', header.languageCode, checkLanguageCode);

	const references = objectAt(invoice.references);
	if (header.type === 'CREDIT_NOTE') {
		check('invoice.references.creditedInvoiceNumber', references.creditedInvoiceNumber, (v) =>
			v === '' ? 'is required for a credit note: the number of the invoice it credits' : checkInvoiceNumber(references.creditedInvoiceNumber),
		);
	}
	optional('invoice.references.payment', references.payment, (v) => checkPaymentReference(v, options));

	const parties = objectAt(invoice.parties);
	const seller = objectAt(parties.sellerParty);
	check('invoice.parties.sellerParty.businessId', seller.businessId, (v) => checkFinnishBusinessId(v, options));
	check('invoice.parties.sellerParty.name', seller.name, checkRequired);
	const buyer = objectAt(parties.buyerParty);
	check('invoice.parties.buyerParty.name', buyer.name, checkRequired);
	// The docs/cfis.md §8 formats of every party's optional fields, wherever the JSON body puts them.
	for (const name of ['sellerParty', 'buyerParty', 'invoiceRecipientParty', 'deliveryParty']) {
		const party = objectAt(parties[name]);
		const at = `invoice.parties.${name}`;
		if (name !== 'sellerParty') optional(`${at}.businessId`, party.businessId, (v) => checkFinnishBusinessId(v, options));
		optional(`${at}.vatCode`, party.vatCode, (v) => checkVatNumber(v, options));
		optional(`${at}.languageCode`, party.languageCode, checkLanguageCode);
		optional(`${at}.email`, party.email, checkEmail);
		const address = objectAt(party.address);
		const countryOk = optional(`${at}.address.countryCode`, address.countryCode, checkCountryCode);
		if (countryOk) optional(`${at}.address.postalCode`, address.postalCode, (v) => checkPostalCode(v, textAt(address.countryCode)));
		const contact = objectAt(party.contact);
		optional(`${at}.contact.email`, contact.email, checkEmail);
		optional(`${at}.contact.contactPerson.email`, objectAt(contact.contactPerson).email, checkEmail);
		optional(`${at}.paymentDetails.iban`, objectAt(party.paymentDetails).iban, (v) => checkIban(v, options));
	}
	const buyerContact = objectAt(buyer.contact);
	const buyerAddress = objectAt(buyer.address);

	const recipient = objectAt(parties.invoiceRecipientParty);
	if (distribution.enabled !== false) {
		if (distribution.method === 'EMAIL' && !textAt(buyerContact.email) && !textAt(recipient.email)) {
			problems.push({ path: 'invoice.parties.buyerParty.contact.email', reason: 'is required when the distribution method is EMAIL' });
		}
		if (distribution.method === 'EINVOICE') {
			check('invoice.parties.buyerParty.electronicInvoiceAccount', buyer.electronicInvoiceAccount, (v) => (v ? undefined : 'is required when the distribution method is EINVOICE'));
			check('invoice.parties.buyerParty.electronicRoutingAddress', buyer.electronicRoutingAddress, (v) => (v ? undefined : 'is required when the distribution method is EINVOICE (the operator ID)'));
		}
		if (distribution.method === 'LETTER') {
			check('invoice.parties.buyerParty.address.street', buyerAddress.street, (v) => (v ? undefined : 'is required when the distribution method is LETTER'));
			check('invoice.parties.buyerParty.address.postalCode', buyerAddress.postalCode, (v) => (v ? undefined : 'is required when the distribution method is LETTER'));
		}
	}

	const rows = invoice.rows;
	if (rows !== undefined && !Array.isArray(rows)) problems.push({ path: 'invoice.rows', reason: 'must be an array of rows' });
	(Array.isArray(rows) ? rows : []).forEach((row, index) => {
		const values = objectAt(row);
		const at = `invoice.rows[${index}]`;
		const numberAt = (field: string, rule: (n: number) => string | undefined) => (v: string) =>
			typeof values[field] === 'number' ? rule(values[field] as number) : `"${v}" is not a number`;
		check(`${at}.quantity`, values.quantity, numberAt('quantity', (n) => checkNumber(n)));
		check(`${at}.unitPrice`, values.unitPrice, numberAt('unitPrice', (n) => checkDecimalAmount(n, { allowNegative: true })));
		optional(`${at}.vatPercentage`, values.vatPercentage, numberAt('vatPercentage', (n) => checkNumber(n, { min: 0, max: 100, decimals: 2 })));
	});
	return problems;
}

/**
 * A checked SalesInvoiceRequest as `POST /invoice` takes it (docs/cfis.md §5.1, §10): a copy whose
 * `invoice.header.number` and `invoice.references.creditedInvoiceNumber` (digit strings or safe whole numbers) are
 * written as JSON integers of their exact digits (transport/json.ts) when they are valid invoice numbers. `body`
 * itself is not changed.
 */
export function withIntegerInvoiceNumbers(body: IDataObject): IDataObject {
	const invoice = objectAt(body.invoice);
	// Only a valid invoice number is rewritten; anything else (a field the check skips) goes out as given.
	const integer = (value: unknown) => (checkInvoiceNumber(value) === undefined ? new JsonInteger(textAt(value)) : value);
	const header = { ...objectAt(invoice.header), number: integer(objectAt(invoice.header).number) } as IDataObject;
	const references = invoice.references === undefined ? undefined : ({ ...objectAt(invoice.references) } as IDataObject);
	if (references && references.creditedInvoiceNumber !== undefined) references.creditedInvoiceNumber = integer(references.creditedInvoiceNumber) as IDataObject;
	return { ...body, invoice: { ...invoice, header, ...(references ? { references } : {}) } };
}
