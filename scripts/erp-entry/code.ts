/**
 * The logic of the two Code nodes of examples/erp-invoice-to-payment-link.json ("Check ERP Event" and "Decide
 * Claim"), written once here and copied into the template by scripts/erp-entry/generate.ts (test/unit/erp-entry.test.ts
 * fails when the template's code differs). Self-contained on purpose: n8n's Code node runs the text as it is, with no
 * imports. The contract it implements is README.md, "ERP in, link out".
 */

/** What the ERP may send: at most 64 KiB of JSON; the VAT rate the template adds (percent). */
export const ERP_ENTRY = { maxBodyBytes: 65536, vatPercentage: 25.5, leaseMs: 120000, maxUnitPriceCents: 100000000 };

/** An ERP event as checked (README "ERP in, link out"): amounts in integer cents, dates YYYY-MM-DD. */
export interface ErpEntryEvent {
	erpInvoiceId: string;
	invoiceNumber: number;
	paymentReference: string;
	buyerName: string;
	buyerEmail: string;
	description: string;
	unitPriceCents: number;
	dueDate: string;
}

/** A refusal: the HTTP status and the JSON body answered to the ERP. */
export interface ErpRefusal {
	ok: false;
	status: number;
	error: { code: string; field?: string; message: string };
}

/** An accepted event and the payment link's amount: `unitPriceCents` plus VAT, rounded to a cent. */
export interface ErpAccepted {
	ok: true;
	event: ErpEntryEvent;
	amountCents: number;
}

function refuse(status: number, code: string, field: string | undefined, message: string): ErpRefusal {
	return { ok: false, status, error: field === undefined ? { code, message } : { code, field, message } };
}

/** Whether `reference` is a Finnish creditor reference (4–20 digits, 7-3-1 check digit) or an RF reference (ISO 11649). */
export function isPaymentReference(reference: string): boolean {
	const plain = reference.replace(/ /g, '');
	if (/^\d{4,20}$/.test(plain)) {
		const digits = plain.slice(0, -1).split('').reverse();
		const sum = digits.reduce((total, digit, i) => total + Number(digit) * [7, 3, 1][i % 3], 0);
		return (10 - (sum % 10)) % 10 === Number(plain.slice(-1));
	}
	if (/^RF\d{2}[0-9A-Z]{1,21}$/i.test(plain)) {
		const moved = (plain.slice(4) + plain.slice(0, 4)).toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
		let rest = 0;
		for (const digit of moved) rest = (rest * 10 + Number(digit)) % 97;
		return rest === 1;
	}
	return false;
}

/** Whether `date` is a real calendar day written YYYY-MM-DD. */
function isCalendarDate(date: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
	const parsed = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * Checks one ERP request before anything is sent anywhere: `contentType` (the request's header), `bytes` (the body's
 * size), `text` (the body as UTF-8), `today` (YYYY-MM-DD, UTC). Answers the refusal (415 not JSON, 413 over
 * {@link ERP_ENTRY}.maxBodyBytes, 400 naming the first bad field) or the checked event with the link's amount in cents.
 */
export function checkErpEvent(contentType: string, bytes: number, text: string, today: string): ErpRefusal | ErpAccepted {
	if (!/^application\/json\s*(;|$)/i.test(contentType.trim())) {
		return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type', `send the event as JSON with Content-Type: application/json (got ${contentType.trim().slice(0, 60) || 'none'})`);
	}
	if (bytes > ERP_ENTRY.maxBodyBytes) return refuse(413, 'BODY_TOO_LARGE', 'body', `the body has ${bytes} bytes; at most ${ERP_ENTRY.maxBodyBytes} are taken`);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refuse(400, 'INVALID_JSON', 'body', 'the body is not valid JSON');
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'INVALID_JSON', 'body', 'the body must be a JSON object');
	const fields = body as Record<string, unknown>;
	const bad = (field: string, message: string) => refuse(400, 'INVALID_FIELD', field, `${field} ${message}`);
	const text_ = (field: string, max: number): string | ErpRefusal => {
		const value = fields[field];
		if (value === undefined || value === null || value === '') return bad(field, 'is required');
		if (typeof value !== 'string') return bad(field, 'must be a string');
		const trimmed = value.trim();
		if (trimmed === '') return bad(field, 'is required');
		if (trimmed.length > max) return bad(field, `must be at most ${max} characters (got ${trimmed.length})`);
		return trimmed;
	};
	const erpInvoiceId = text_('erpInvoiceId', 64);
	if (typeof erpInvoiceId !== 'string') return erpInvoiceId;
	if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(erpInvoiceId)) return bad('erpInvoiceId', 'may hold only letters, digits and . _ / - (and must start with a letter or digit)');
	const number = fields.invoiceNumber;
	if (number === undefined || number === null) return bad('invoiceNumber', 'is required');
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) return bad('invoiceNumber', 'must be a whole number from 1 to 9007199254740991 (a JSON number)');
	const paymentReference = text_('paymentReference', 25);
	if (typeof paymentReference !== 'string') return paymentReference;
	if (!isPaymentReference(paymentReference)) return bad('paymentReference', 'must be a Finnish reference (4–20 digits, last one the 7-3-1 check digit) or an RF reference');
	const buyerName = text_('buyerName', 70);
	if (typeof buyerName !== 'string') return buyerName;
	const buyerEmail = text_('buyerEmail', 254);
	if (typeof buyerEmail !== 'string') return buyerEmail;
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(buyerEmail)) return bad('buyerEmail', 'must be an e-mail address');
	const description = text_('description', 200);
	if (typeof description !== 'string') return description;
	if (fields.unitPrice !== undefined && fields.unitPriceCents === undefined) {
		return bad('unitPriceCents', 'is required (unitPrice in euros is no longer taken: send the price without VAT in integer cents)');
	}
	const price = fields.unitPriceCents;
	if (price === undefined || price === null) return bad('unitPriceCents', 'is required');
	if (typeof price !== 'number' || !Number.isInteger(price) || price < 1 || price > ERP_ENTRY.maxUnitPriceCents) {
		return bad('unitPriceCents', `must be a whole number of cents from 1 to ${ERP_ENTRY.maxUnitPriceCents} (a JSON number; got ${JSON.stringify(price).slice(0, 30)})`);
	}
	let dueDate = '';
	if (fields.dueDate !== undefined && fields.dueDate !== null && fields.dueDate !== '') {
		if (typeof fields.dueDate !== 'string' || !isCalendarDate(fields.dueDate)) return bad('dueDate', 'must be a calendar date YYYY-MM-DD');
		if (fields.dueDate < today) return bad('dueDate', `must not be before today (${today})`);
		dueDate = fields.dueDate;
	} else {
		dueDate = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86400000).toISOString().slice(0, 10);
	}
	return {
		ok: true,
		event: { erpInvoiceId, invoiceNumber: number, paymentReference, buyerName, buyerEmail, description, unitPriceCents: price, dueDate },
		amountCents: Math.round(price * (1 + ERP_ENTRY.vatPercentage / 100)),
	};
}

/** A row of the data table *ERP payment links* (times epoch ms; amounts in cents). */
export interface ErpLinkRow {
	id: number;
	erpInvoiceId: string;
	state?: string | null;
	owner?: string | null;
	leaseUntil?: number | null;
	invoiceNumber?: number | null;
	caseId?: number | null;
	amountCents?: number | null;
	operationUuid?: string | null;
	paymentLink?: string | null;
}

/** What an event says that the claim record keeps: the invoice number and the link's amount (cents, with VAT). */
export interface ErpEventTerms {
	invoiceNumber: number;
	amountCents: number;
}

/** A refusal of an event whose `erpInvoiceId` was received earlier with other terms (README "ERP in, link out"). */
export interface ErpConflict {
	action: 'conflict';
	status: 409;
	error: { code: 'ERP_INVOICE_ID_REUSED'; field: 'invoiceNumber' | 'unitPriceCents'; message: string; recorded: ErpEventTerms };
}

/**
 * The first term of `row` (a claim record) that differs from `event`: the invoice number, then the amount (the ERP
 * sends `unitPriceCents`; the record keeps the link's amount with VAT, so that field is named). Undefined when the
 * row records neither (a proposal, or a row of the template's first version) or both agree.
 */
export function conflictOf(row: ErpLinkRow, event: ErpEventTerms, erpInvoiceId: string): ErpConflict | undefined {
	const recorded = { invoiceNumber: row.invoiceNumber ?? event.invoiceNumber, amountCents: row.amountCents ?? event.amountCents };
	const field = recorded.invoiceNumber !== event.invoiceNumber ? 'invoiceNumber' : recorded.amountCents !== event.amountCents ? 'unitPriceCents' : undefined;
	if (field === undefined) return undefined;
	const what = field === 'invoiceNumber' ? `invoice number ${recorded.invoiceNumber} (this event: ${event.invoiceNumber})` : `an amount of ${recorded.amountCents} cents with VAT (this event: ${event.amountCents})`;
	return {
		action: 'conflict',
		status: 409,
		error: { code: 'ERP_INVOICE_ID_REUSED', field, message: `erpInvoiceId ${erpInvoiceId} was received earlier with ${what}; an erpInvoiceId names one invoice: send a new erpInvoiceId for a new invoice, or the first event again`, recorded },
	};
}

/** `busy` while `row`'s lease runs at `now` (epoch ms): retry after the lease's seconds left (1 to 10); else undefined. */
function busyUntilLeaseEnds(row: ErpLinkRow, now: number): { action: 'busy'; retryAfter: number } | undefined {
	const left = (row.leaseUntil ?? 0) - now;
	return left > 0 ? { action: 'busy', retryAfter: Math.max(1, Math.min(10, Math.ceil(left / 1000))) } : undefined;
}

/**
 * What to do with the rows of one `erpInvoiceId` (all of them, `mine` the row this execution just proposed, `now`
 * epoch ms, `event` the terms this event carries). Rows: `pending` (proposed, nobody works), `void` (lost), `claimed`
 * (an execution works on it until `leaseUntil`), `linked` (done: holds the payer URL). A row with a payer URL is
 * linked whatever its state (rows of the template's first version have no state).
 * - `conflict`: a linked or claimed row records another invoice number or amount ({@link conflictOf}): 409, nothing done;
 * - `answer`: a linked row: the ERP gets its link again (`row`);
 * - `busy`: a claim whose lease runs, or a linked row being renewed (`renewing`, lease running: its link has ended):
 *   409 with `retryAfter` seconds;
 * - `takeOver`: a claim whose lease ended (its holder died or gave up after a vendor failure): take it over (`row`);
 * - `claim`: nobody holds it: void the other pending rows (`rivals` of them) and claim `mine`.
 */
export function decideClaim(rows: ErpLinkRow[], mine: number, now: number, event: ErpEventTerms & { erpInvoiceId: string }):
	| ErpConflict
	| { action: 'answer'; row: ErpLinkRow }
	| { action: 'busy'; retryAfter: number }
	| { action: 'takeOver'; row: ErpLinkRow }
	| { action: 'claim'; rivals: number } {
	const linked = rows.find((row) => typeof row.paymentLink === 'string' && row.paymentLink !== '');
	if (linked) {
		const conflict = conflictOf(linked, event, event.erpInvoiceId);
		if (conflict) return conflict;
		// The link-ended template renews it (scripts/lifecycle/renewal.ts): the recorded link has ended and the new one
		// comes within the lease; after the lease (the renewal stopped), the recorded link is what there is.
		return (linked.state === 'renewing' ? busyUntilLeaseEnds(linked, now) : undefined) ?? { action: 'answer', row: linked };
	}
	const claimed = rows.filter((row) => row.state === 'claimed').sort((a, b) => a.id - b.id)[0];
	if (claimed) {
		const conflict = conflictOf(claimed, event, event.erpInvoiceId);
		if (conflict) return conflict;
		return busyUntilLeaseEnds(claimed, now) ?? { action: 'takeOver', row: claimed };
	}
	return { action: 'claim', rivals: rows.filter((row) => row.id !== mine && row.state === 'pending').length };
}
