import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { checkFinnishBusinessId } from '../../validators';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { recordsOf } from '../../transport/listing';
import { cfisRequest } from '../../transport';
import { readText } from '../../../shared/params';
import { checkDigitsWanted, ensure, checkDigitOptions } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Business ID',
		name: 'businessId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2331972-7',
		description: "The company's Finnish business ID (Y-tunnus)",
	},
	checkDigitOptions,
];

/**
 * Finvoice → Get Addresses: the Finvoice registry lookup of docs/cfis.md §4.11 (path and parameter [I], see
 * `CFIS_PATHS.finvoiceAddresses`). One output item per registered e-invoice address `{ eInvoiceAddressName,
 * eInvoiceAddress, eInvoiceAddressType, eInvoiceOperatorId, eInvoiceOperatorName, lastModified }`; none when the
 * company has no e-invoice address. The API does not choose: map `eInvoiceAddress` and `eInvoiceOperatorId`
 * into Invoice → Create (E-Invoice).
 */
export const getAddresses: OperationModule<{ businessId: string }> = {
	description: updateDisplayOptions({ show: { resource: ['finvoice'], operation: ['getAddresses'] } }, properties),
	prepare(itemIndex) {
		const checkDigit = checkDigitsWanted(this, itemIndex);
		const businessId = ensure(this, itemIndex, 'Business ID', readText(this, 'businessId', itemIndex), (v) => checkFinnishBusinessId(v, { checkDigit }));
		return { businessId };
	},
	async execute({ businessId }, itemIndex) {
		const answer = await cfisRequest.call(this, {
			method: 'GET',
			path: CFIS_PATHS.finvoiceAddresses,
			qs: { [CFIS_QUERY.businessId]: businessId },
			itemIndex,
		});
		return recordsOf()(answer);
	},
};
