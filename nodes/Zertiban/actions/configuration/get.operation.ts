import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { configurationLocator } from '../common.descriptions';
import { notFound, readRequiredUuid } from '../common';

const properties: INodeProperties[] = [
	configurationLocator,
	{
		displayName: 'Operation Type',
		name: 'operationType',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Payment', value: 'PAYMENT' },
			{ name: 'SEPA Mandate', value: 'SEPA' },
			{ name: 'Signature', value: 'SIGNATURE' },
			{ name: 'Signature and SEPA Mandate', value: 'SIGNATURE_SEPA' },
		],
		default: '',
		description: 'Sent as operation_type; selects which parts of the configuration Zertiban returns',
	},
];

/**
 * Configuration → Get: `GET /flow-customization/v1/configurations/{uuid}` (docs/zertiban.md §9.2): branding,
 * language, document delivery and the payer redirections (callback and return URLs with placeholders, §12).
 */
export const get: OperationModule<{ uuid: string; qs: IDataObject }> = {
	description: updateDisplayOptions({ show: { resource: ['configuration'], operation: ['get'] } }, properties),
	prepare(itemIndex) {
		const operationType = this.getNodeParameter('operationType', itemIndex, '') as string;
		return {
			uuid: readRequiredUuid(this, 'configurationUuid', 'Configuration', itemIndex),
			qs: operationType ? { operation_type: operationType } : {},
		};
	},
	async execute({ uuid, qs }, itemIndex) {
		return await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.configuration(uuid),
			qs,
			itemIndex,
			hints: notFound('configuration', uuid),
		});
	},
};
