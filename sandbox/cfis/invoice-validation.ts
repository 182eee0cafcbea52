/**
 * The simulator's policy for a SalesInvoiceRequest (body of `POST /invoice`, cfis.md §5.1, §8): which fields are
 * required, which shapes are checked (lenient mode, §8.1), and which delivery data each distribution method needs.
 */
import { businessIdProblem, currencyProblem, dateProblem, isPositiveInteger, paymentReferenceProblem } from './checks';
import { DISTRIBUTION_METHODS, INVOICE_TYPES } from './contract';
import type { FieldError } from './serve';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/**
 * Validates a SalesInvoiceRequest against the simulator policy: required `distribution.method`, header
 * number/date/dueDate/currencyCode, seller business ID and name, buyer name; shapes only for identifiers
 * (lenient mode, §8.1); due date not before the invoice date; a credit note names the credited invoice
 * (§5.1 [D]); rows carry numeric quantity and unitPrice. Unknown fields are accepted. Returns every error found.
 */
export function validateSalesInvoice(body: unknown): FieldError[] {
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
	const references = obj(invoice.references);
	if (header.type === 'CREDIT_NOTE' && !isPositiveInteger(references.creditedInvoiceNumber)) add('invoice.references.creditedInvoiceNumber', 'is required for a CREDIT_NOTE');
	const badReference = references.payment ? paymentReferenceProblem(references.payment) : undefined;
	if (badReference) add('invoice.references.payment', badReference);
	const parties = obj(invoice.parties);
	const seller = obj(parties.sellerParty);
	const badSellerId = businessIdProblem(seller.businessId);
	if (badSellerId) add('invoice.parties.sellerParty.businessId', badSellerId);
	if (!seller.name) add('invoice.parties.sellerParty.name', 'is required');
	if (!obj(parties.buyerParty).name) add('invoice.parties.buyerParty.name', 'is required');
	const rows = invoice.rows;
	if (rows !== undefined && !Array.isArray(rows)) add('invoice.rows', 'must be an array');
	(Array.isArray(rows) ? rows : []).forEach((row, i) => {
		for (const key of ['quantity', 'unitPrice']) {
			if (typeof obj(row)[key] !== 'number') add(`invoice.rows[${i}].${key}`, 'must be a number');
		}
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
