import type { IDataObject } from 'n8n-workflow';

/**
 * A guided-form Confirma Finance Invoice → Create for invoice `number` (two rows: 2 × 50.00 and 1 × 19.90, VAT
 * 25.5 %, dated 2026-11-01, due 2026-11-15, under payment control), with `overrides` on top.
 */
export const invoiceCreateParameters = (number: number | string, overrides: IDataObject = {}): IDataObject => ({
	resource: 'invoice',
	operation: 'create',
	inputMode: 'fields',
	number,
	type: 'INVOICE',
	date: '2026-11-01',
	dueDate: '2026-11-15',
	currencyCode: 'EUR',
	paymentReference: '1337109',
	distributionMethod: 'EMAIL',
	sellerBusinessId: '0737546-2',
	sellerName: 'Sandbox Demo Oy',
	buyerName: 'ACME Oy',
	buyerEmail: 'ap@acme.fi',
	rows: { row: [{ name: 'Consulting', quantity: 2, unitPrice: 50, vatPercentage: 25.5 }, { name: 'Travel', quantity: 1, unitPrice: 19.9, vatPercentage: 25.5 }] },
	processing: { paymentControlEnabled: true },
	...overrides,
});
