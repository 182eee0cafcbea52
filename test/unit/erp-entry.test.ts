/** The ERP entry's Code-node logic (scripts/erp-entry/code.ts) and the template built from it (README.md, "ERP in, link out"). */
import { readFileSync } from 'node:fs';

import { checkErpEvent, decideClaim as decide, isPaymentReference, type ErpLinkRow } from '../../scripts/erp-entry/code';
import { ERP_ENTRY_FILE, erpEntryText } from '../../scripts/erp-entry/generate';

const TODAY = '2026-12-06';
const good = { erpInvoiceId: 'ERP-2026-0042', invoiceNumber: 20260042, paymentReference: '1337109', buyerName: 'ACME Oy', buyerEmail: 'ap@acme.example', description: 'Parking, one hour', unitPriceCents: 79 };
const check = (body: unknown, contentType = 'application/json') => {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return checkErpEvent(contentType, Buffer.byteLength(text), text, TODAY);
};
const refusal = (result: ReturnType<typeof check>) => (result.ok ? undefined : { status: result.status, field: result.error.field });

describe('checkErpEvent: the contract checked before any request', () => {
	it('accepts the documented event: cents plus 25.5 % VAT rounded to a cent, due date 14 days on by default', () => {
		expect(check(good)).toEqual({ ok: true, event: { ...good, dueDate: '2026-12-20' }, amountCents: 99 });
		expect(check({ ...good, dueDate: TODAY, unitPriceCents: 10000 })).toMatchObject({ ok: true, event: { dueDate: TODAY }, amountCents: 12550 });
		expect(check(good, 'application/json; charset=utf-8').ok).toBe(true);
	});

	it.each([
		['erpInvoiceId', { ...good, erpInvoiceId: undefined }],
		['erpInvoiceId', { ...good, erpInvoiceId: 'has space' }],
		['erpInvoiceId', { ...good, erpInvoiceId: 'x'.repeat(65) }],
		['invoiceNumber', { ...good, invoiceNumber: 1.5 }],
		['invoiceNumber', { ...good, invoiceNumber: 2 ** 53 }],
		['paymentReference', { ...good, paymentReference: '1337108' }],
		['paymentReference', { ...good, paymentReference: 'RF00 1234' }],
		['buyerName', { ...good, buyerName: '   ' }],
		['buyerEmail', { ...good, buyerEmail: 'a@b' }],
		['description', { ...good, description: 'x'.repeat(201) }],
		['unitPriceCents', { ...good, unitPriceCents: -79 }],
		['unitPriceCents', { ...good, unitPriceCents: 0 }],
		['unitPriceCents', { ...good, unitPriceCents: 0.79 }],
		['unitPriceCents', { ...good, unitPriceCents: '79' }],
		['unitPriceCents', { ...good, unitPriceCents: 100000001 }],
		['unitPriceCents', { ...good, unitPriceCents: undefined, unitPrice: 0.79 }],
		['dueDate', { ...good, dueDate: '2026-02-30' }],
		['dueDate', { ...good, dueDate: '2026-12-05' }],
		['body', '{"erpInvoiceId":'],
		['body', 'null'],
		['body', '[1]'],
		['body', ''],
	])('400 naming %s', (field, body) => {
		expect(refusal(check(body))).toEqual({ status: 400, field });
	});

	it('415 for anything but JSON, 413 over 64 KiB, before parsing', () => {
		expect(refusal(check('a=1', 'text/plain'))).toEqual({ status: 415, field: 'Content-Type' });
		expect(refusal(check('<a/>', 'application/xml'))).toEqual({ status: 415, field: 'Content-Type' });
		expect(refusal(check(good, ''))).toEqual({ status: 415, field: 'Content-Type' });
		expect(refusal(checkErpEvent('application/json', 65537, '', TODAY))).toEqual({ status: 413, field: 'body' });
	});

	it('Finnish references with their 7-3-1 check digit and RF references (ISO 11649)', () => {
		expect(['1337109', '1232', 'RF18 5390 0754 7034', 'RF18539007547034'].map(isPaymentReference)).toEqual([true, true, true, true]);
		expect(['1337100', '123', 'RF19539007547034', 'ABC'].map(isPaymentReference)).toEqual([false, false, false, false]);
	});
});

describe('decideClaim: one live claim per erpInvoiceId', () => {
	const row = (id: number, more: Partial<ErpLinkRow> = {}): ErpLinkRow => ({ id, erpInvoiceId: 'E', state: 'pending', owner: `x${id}`, leaseUntil: 0, ...more });
	const now = 1_000_000;
	const terms = { erpInvoiceId: 'E', invoiceNumber: 42, amountCents: 99 };
	const decideClaim = (rows: ErpLinkRow[], mine: number, at: number, event = terms) => decide(rows, mine, at, event);
	it('answers a linked row (also one of the first version, without state)', () => {
		expect(decideClaim([row(1, { state: 'linked', paymentLink: 'L' }), row(2)], 2, now)).toEqual({ action: 'answer', row: expect.objectContaining({ id: 1 }) });
		expect(decideClaim([row(1, { state: null, paymentLink: 'L' }), row(2)], 2, now).action).toBe('answer');
	});
	it('busy while a claim is leased (Retry-After 1 to 10 s); takes over an ended lease', () => {
		expect(decideClaim([row(1, { state: 'claimed', leaseUntil: now + 60_000 }), row(2)], 2, now)).toEqual({ action: 'busy', retryAfter: 10 });
		expect(decideClaim([row(1, { state: 'claimed', leaseUntil: now + 1 }), row(2)], 2, now)).toEqual({ action: 'busy', retryAfter: 1 });
		expect(decideClaim([row(1, { state: 'claimed', leaseUntil: 0, caseId: 7 }), row(2)], 2, now)).toEqual({ action: 'takeOver', row: expect.objectContaining({ id: 1, caseId: 7 }) });
	});
	it('busy while the link-ended template renews the link (its recorded link has ended); the recorded link again once that lease ended', () => {
		expect(decideClaim([row(1, { state: 'renewing', paymentLink: 'ENDED', leaseUntil: now + 5_000 }), row(2)], 2, now)).toEqual({ action: 'busy', retryAfter: 5 });
		expect(decideClaim([row(1, { state: 'renewing', paymentLink: 'ENDED', leaseUntil: now - 1 }), row(2)], 2, now)).toEqual({ action: 'answer', row: expect.objectContaining({ id: 1 }) });
	});
	it('claims its own row when nobody holds one, counting the rival proposals it must void', () => {
		expect(decideClaim([row(1), row(2), row(3, { state: 'void' })], 2, now)).toEqual({ action: 'claim', rivals: 1 });
		expect(decideClaim([row(2)], 2, now)).toEqual({ action: 'claim', rivals: 0 });
	});
	describe('the same erpInvoiceId with other terms than the ones recorded: 409 naming the field, never the old link', () => {
		const linked = row(1, { state: 'linked', paymentLink: 'L', invoiceNumber: 42, amountCents: 99 });
		it.each([
			['invoiceNumber', { ...terms, invoiceNumber: 43 }, 'invoice number 42 (this event: 43)'],
			['unitPriceCents', { ...terms, amountCents: 100 }, 'an amount of 99 cents with VAT (this event: 100)'],
			['invoiceNumber', { ...terms, invoiceNumber: 43, amountCents: 100 }, 'invoice number 42'],
		])('a linked row: %s', (field, event, said) => {
			const decided = decideClaim([linked, row(2)], 2, now, event);
			expect(decided).toEqual({ action: 'conflict', status: 409, error: { code: 'ERP_INVOICE_ID_REUSED', field, message: expect.stringContaining(said), recorded: { invoiceNumber: 42, amountCents: 99 } } });
		});
		it('a claim, leased or ended, that recorded other terms: conflict, neither busy nor taken over', () => {
			for (const leaseUntil of [now + 60_000, 0]) {
				expect(decideClaim([row(1, { state: 'claimed', leaseUntil, invoiceNumber: 41, amountCents: 99 }), row(2)], 2, now).action).toBe('conflict');
			}
		});
		it('the same terms, or a row that records none (a first-version row, an old claim): as before', () => {
			expect(decideClaim([linked, row(2)], 2, now).action).toBe('answer');
			expect(decideClaim([row(1, { state: null, paymentLink: 'L' }), row(2)], 2, now, { ...terms, invoiceNumber: 7 }).action).toBe('answer');
			expect(decideClaim([row(1, { state: 'claimed', leaseUntil: 0 }), row(2)], 2, now, { ...terms, amountCents: 1 }).action).toBe('takeOver');
		});
	});
});

describe('the template', () => {
	it('examples/erp-invoice-to-payment-link.json is what scripts/erp-entry/generate.ts builds (run it after editing the code)', () => {
		expect(readFileSync(ERP_ENTRY_FILE, 'utf8')).toBe(erpEntryText());
	});
});
