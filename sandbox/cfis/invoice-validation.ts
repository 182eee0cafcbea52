/**
 * The simulator's policy for a SalesInvoiceRequest (body of `POST /invoice`, cfis.md §5.1, §8): which fields are
 * required, which shapes are checked (lenient mode, §8.1), and which delivery data each distribution method needs.
 */
import {
	amountProblem,
	businessIdProblem,
	countryProblem,
	currencyProblem,
	dateProblem,
	emailProblem,
	ibanProblem,
	isPositiveInteger,
	languageProblem,
	paymentReferenceProblem,
	postalCodeProblem,
	vatNumberProblem,
	type Strictness,
} from './checks';
import { DISTRIBUTION_METHODS, INVOICE_TYPES } from './contract';
import type { FieldError } from './serve';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/** Whether `value` was given: not absent, null or the empty string (optional fields of the vendor example are ""). */
const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The §8 formats of one party (`invoice.parties.<name>`, §5.1): business ID and VAT number, language, address
 * country and postal code (checked against the country), and every e-mail address it carries (`email`,
 * `contact.email`, `contact.contactPerson.email`). Only fields that are given are checked.
 */
function partyErrors(party: Json, at: string, strictness: Strictness, add: (field: string, message: string) => void): void {
	const check = (field: string, value: unknown, problem: (v: unknown) => string | undefined) => {
		const found = given(value) ? problem(value) : undefined;
		if (found) add(`${at}.${field}`, found);
	};
	check('businessId', party.businessId, (v) => businessIdProblem(v, strictness));
	check('vatCode', party.vatCode, (v) => vatNumberProblem(v, strictness));
	check('languageCode', party.languageCode, languageProblem);
	check('email', party.email, emailProblem);
	const address = obj(party.address);
	check('address.countryCode', address.countryCode, countryProblem);
	check('address.postalCode', address.postalCode, (v) => postalCodeProblem(v, address.countryCode));
	const contact = obj(party.contact);
	check('contact.email', contact.email, emailProblem);
	check('contact.contactPerson.email', obj(contact.contactPerson).email, emailProblem);
	check('paymentDetails.iban', obj(party.paymentDetails).iban, ibanProblem);
}

/**
 * Validates a SalesInvoiceRequest against the simulator policy: required `distribution.method`, header
 * number/date/dueDate/currencyCode, seller business ID and name, buyer name; the §8 formats [D] of every field
 * given (language and country codes, postal codes against the country, e-mail addresses, money with 2 decimals),
 * the seller's IBAN with its check digits, business IDs and VAT numbers by shape (check digits only when
 * `strictness.strict`, §8.1); due date not before the invoice date; a credit note names the credited invoice
 * (§5.1 [D]); rows carry numeric quantity and a unitPrice with at most 2 decimals. Unknown fields are accepted.
 * Returns every error found.
 */
export function validateSalesInvoice(body: unknown, strictness: Strictness = {}): FieldError[] {
	const errors: FieldError[] = [];
	const add = (field: string, message: string) => errors.push({ field, message });
	const root = obj(body);
	if (!DISTRIBUTION_METHODS.includes(obj(root.distribution).method as string)) add('distribution.method', `must be one of ${DISTRIBUTION_METHODS.join(', ')}`);
	const invoice = obj(root.invoice);
	const header = obj(invoice.header);
	// An integer (§5.1, §10): a JSON number, not a string of digits such as "251601000".
	if (!isPositiveInteger(header.number)) add('invoice.header.number', 'is required and must be an integer (a JSON number)');
	if (header.type !== undefined && header.type !== null && !INVOICE_TYPES.includes(header.type as string)) add('invoice.header.type', `must be one of ${INVOICE_TYPES.join(', ')}`);
	const badDate = dateProblem(header.date);
	const badDue = dateProblem(header.dueDate);
	if (badDate) add('invoice.header.date', badDate);
	if (badDue) add('invoice.header.dueDate', badDue);
	if (!badDate && !badDue && String(header.dueDate) < String(header.date)) add('invoice.header.dueDate', 'must not be before invoice date');
	const badCurrency = currencyProblem(header.currencyCode);
	if (badCurrency) add('invoice.header.currencyCode', badCurrency);
	const badLanguage = given(header.languageCode) ? languageProblem(header.languageCode) : undefined;
	if (badLanguage) add('invoice.header.languageCode', badLanguage);
	const references = obj(invoice.references);
	if (header.type === 'CREDIT_NOTE' && !isPositiveInteger(references.creditedInvoiceNumber)) add('invoice.references.creditedInvoiceNumber', 'is required for a CREDIT_NOTE');
	const badReference = references.payment ? paymentReferenceProblem(references.payment, strictness) : undefined;
	if (badReference) add('invoice.references.payment', badReference);
	const parties = obj(invoice.parties);
	const seller = obj(parties.sellerParty);
	if (!given(seller.businessId)) add('invoice.parties.sellerParty.businessId', 'is required');
	if (!seller.name) add('invoice.parties.sellerParty.name', 'is required');
	if (!obj(parties.buyerParty).name) add('invoice.parties.buyerParty.name', 'is required');
	for (const name of ['sellerParty', 'buyerParty', 'invoiceRecipientParty', 'deliveryParty']) {
		partyErrors(obj(parties[name]), `invoice.parties.${name}`, strictness, add);
	}
	const rows = invoice.rows;
	if (rows !== undefined && !Array.isArray(rows)) add('invoice.rows', 'must be an array');
	(Array.isArray(rows) ? rows : []).forEach((row, i) => {
		if (typeof obj(row).quantity !== 'number') add(`invoice.rows[${i}].quantity`, 'must be a number');
		const badPrice = amountProblem(obj(row).unitPrice);
		if (badPrice) add(`invoice.rows[${i}].unitPrice`, badPrice);
	});
	return errors;
}

/**
 * The delivery data a distribution method needs (cfis.md §5.1 simulator policy [SIM]): EMAIL an address of the
 * buyer or the invoice recipient, EINVOICE the buyer's e-invoice address and operator, LETTER a street address.
 * Returns what is missing, or `undefined`.
 */
export function deliveryProblem(method: string, parties: Record<string, Json>): string | undefined {
	const buyer = parties.buyerParty ?? {};
	const recipient = parties.invoiceRecipientParty ?? {};
	if (method === 'EMAIL') {
		const email = obj(buyer.contact).email ?? recipient.email;
		return typeof email === 'string' && email ? undefined : 'EMAIL distribution needs buyerParty.contact.email or invoiceRecipientParty.email';
	}
	if (method === 'EINVOICE') {
		return buyer.electronicInvoiceAccount && buyer.electronicRoutingAddress ? undefined : 'EINVOICE distribution needs buyerParty.electronicInvoiceAccount and electronicRoutingAddress';
	}
	const address = obj(buyer.address);
	return address.street && address.postalCode ? undefined : 'LETTER distribution needs buyerParty.address with street and postalCode';
}
