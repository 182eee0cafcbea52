/** What safe create compares before it returns a flow that already exists under a Flow External ID (README.md, Security: Re-runs). */
import { flowDifferences } from '../../nodes/Zertiban/actions/flow/safeCreate';

const payload = {
	externalId: 'COLL-1',
	countryCode: 'ES',
	operations: [
		{
			id: 'op-1',
			type: 'PAYMENT',
			externalId: 'INV-1',
			payment: { amount: 2500, currency: 'EUR', concept: 'Invoice 1', types: ['PSD2_PAYMENT'], psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER' } },
		},
	],
};
const summary = { uuid: 'f-1', externalId: 'COLL-1', countryCode: 'ES', paymentOperations: [{ uuid: 'o-1', externalId: 'INV-1', amount: 2500, currency: 'EUR' }] };
const detail = {
	uuid: 'o-1',
	externalId: 'INV-1',
	configurationUuid: 'c-1',
	payment: { amount: 2500, currency: 'EUR', concept: 'Invoice 1', psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER', creditorAccount: { uuid: 'a-1' } } },
};

describe('flowDifferences: an existing flow is returned only when it is the same payment', () => {
	it('the same flow has no differences (defaults the item does not set, such as configuration, are not compared)', () => {
		expect(flowDifferences(payload, summary, [detail])).toEqual([]);
		expect(flowDifferences(payload, summary)).toEqual([]);
	});

	it('names amount, currency and operation external ID from the list item alone', () => {
		const other = { ...summary, paymentOperations: [{ uuid: 'o-1', externalId: 'INV-2', amount: 2600, currency: 'USD' }] };
		expect(flowDifferences(payload, other)).toEqual([
			'operation 1 external ID INV-2 (this item: INV-1)',
			'operation 1 amount 2600 (this item: 2500)',
			'operation 1 currency USD (this item: EUR)',
		]);
	});

	it('names payment type, product, concept and a beneficiary account the item sets, from the operation detail', () => {
		const item = JSON.parse(JSON.stringify(payload));
		item.operations[0].payment.psd2Payment = { type: 'FUTURE_PAYMENT', product: 'INSTANT_SEPA_CREDIT_TRANSFER', requestedExecutionDate: '2027-01-04', creditorAccount: { uuid: 'a-2' } };
		item.operations[0].payment.concept = 'Invoice 2';
		expect(flowDifferences(item, summary, [detail])).toEqual([
			'operation 1 payment type SINGLE_PAYMENT (this item: FUTURE_PAYMENT)',
			'operation 1 product SEPA_CREDIT_TRANSFER (this item: INSTANT_SEPA_CREDIT_TRANSFER)',
			'operation 1 execution date (none) (this item: 2027-01-04)',
			'operation 1 concept Invoice 1 (this item: Invoice 2)',
			'operation 1 beneficiary account a-1 (this item: a-2)',
		]);
	});

	it('names another country or another number of payment operations', () => {
		expect(flowDifferences({ ...payload, countryCode: 'PT' }, summary)).toEqual(['country ES (this item: PT)']);
		expect(flowDifferences({ ...payload, operations: [...payload.operations, ...payload.operations] }, summary)).toEqual([
			'1 payment operations (this item: 2)',
		]);
	});
});
