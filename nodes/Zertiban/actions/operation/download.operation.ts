import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/params';
import { ItemWithBinary, type OperationModule } from '../../../shared/runner';
import { zertibanDownload, zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { readUuid } from '../common';
import { operationNotFound, readOperationUuid } from './common';

const properties: INodeProperties[] = [
	operationUuidLocator,
	{
		displayName: 'Document UUID',
		name: 'documentUuid',
		type: 'string',
		default: '',
		placeholder: '472aa656-65f3-4cef-a39a-45854113897f',
		description:
			'The document to download (payment.documents[].uuid of the operation). Leave empty to download every document of the operation, one output item each.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'Name of the binary field of each output item that receives the document (a PDF)',
	},
];

/** What `prepare` hands to `execute`: operation, optional document and the output binary field. */
export interface Input {
	uuid: string;
	documentUuid?: string;
	binaryPropertyName: string;
}

/**
 * Operation → Download Document: `GET /flow/v1/operations/{uuid}/payment-documents/{documentUuid}/content`
 * (docs/zertiban.md §7.6) as n8n binary data with the server's file name (`Content-Disposition`) and MIME type. With
 * no Document UUID, reads the operation (§7.2) and downloads each of its `payment.documents[]`. Output JSON per
 * file: `{operationUuid, documentUuid, name, type, fileName, mimeType, fileSize}` (`fileSize` in bytes).
 */
export const download: OperationModule<Input> = {
	notForAgents: 'it outputs the document as binary data, which an agent cannot read',
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['download'] } }, properties),
	prepare(itemIndex) {
		const binaryPropertyName = readText(this, 'binaryPropertyName', itemIndex, 'data') || 'data';
		return {
			uuid: readOperationUuid(this, itemIndex),
			documentUuid: readUuid(this, 'documentUuid', 'Document UUID', itemIndex, { optional: true }),
			binaryPropertyName,
		};
	},
	async execute({ uuid, documentUuid, binaryPropertyName }, itemIndex) {
		let documents: IDataObject[] = [{ uuid: documentUuid }];
		if (!documentUuid) {
			const operation = await zertibanRequest.call(this, {
				method: 'GET',
				path: ZERTIBAN_PATHS.operation(uuid),
				itemIndex,
				hints: operationNotFound(uuid),
			});
			documents = ((operation.payment as IDataObject | undefined)?.documents as IDataObject[] | undefined) ?? [];
		}
		const out: ItemWithBinary[] = [];
		for (const document of documents) {
			const file = await zertibanDownload.call(this, {
				method: 'GET',
				path: ZERTIBAN_PATHS.operationDocument(uuid, String(document.uuid)),
				itemIndex,
				hints: {
					404: {
						message: `Zertiban has no document ${String(document.uuid)} on operation ${uuid} (404)`,
						hint: 'Take the document UUID from payment.documents[].uuid of Operation → Get.',
					},
				},
			});
			const binary = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
			out.push(
				new ItemWithBinary(
					{
						operationUuid: uuid,
						documentUuid: String(document.uuid),
						...(document.name === undefined ? {} : { name: document.name }),
						...(document.type === undefined ? {} : { type: document.type }),
						fileName: file.fileName,
						mimeType: file.mimeType,
						fileSize: file.data.length,
					},
					{ [binaryPropertyName]: binary },
				),
			);
		}
		return out;
	},
};
