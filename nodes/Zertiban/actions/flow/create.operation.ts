import type { IBinaryData, IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { checkIso639Language } from '../../../shared/validators';
import type { MultipartPart } from '../../transport';
import { FLOW_FIELDS, PAYMENT_FIELDS } from './fields';
import { buildPaymentOperation, readFlowFields } from './payload';
import { pdfProblem } from './pdf';
import { IF_LINK_EXISTS_FIELD, readIfLinkExists, safeCreate, type IfLinkExists } from './safeCreate';
import { ZERTIBAN_PATHS } from '../../transport';

/** Most PDF documents one flow may carry (docs/zertiban.md §6.1, §14). */
export const MAX_DOCUMENTS = 10;

const properties: INodeProperties[] = [
	...FLOW_FIELDS,
	IF_LINK_EXISTS_FIELD,
	{
		displayName: 'Payment Operations',
		name: 'operations',
		type: 'fixedCollection',
		placeholder: 'Add Payment Operation',
		typeOptions: { multipleValues: true },
		default: {},
		required: true,
		description: 'One payment link per operation (usually one)',
		options: [
			{
				displayName: 'Payment Operation',
				name: 'operation',
				values: [
					...PAYMENT_FIELDS,
					{
						displayName: 'Documents',
						name: 'documents',
						type: 'string',
						default: '',
						placeholder: 'invoice, terms',
						description:
							'Comma-separated input binary fields (from Input Binary Fields) this payment shows to the payer. Empty: all of them.',
					},
				],
			},
		],
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: '',
		placeholder: 'data, terms',
		description:
			'Comma-separated binary fields of the input item to attach as PDF documents (at most 10). Each is sent as a part named after the field.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional settings of the flow',
		options: [
			{
				displayName: 'Additional Language',
				name: 'additionalLanguage',
				type: 'string',
				default: '',
				placeholder: 'en',
				description: 'Second language of the payer page (ISO 639-1, e.g. en)',
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Label',
				description: 'Name and value pairs stored with the flow; Flow → Get Many can filter by the label product',
				options: [
					{
						displayName: 'Label',
						name: 'label',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. product', description: 'Name of the label' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. subscriptions', description: 'Value of the label' },
						],
					},
				],
			},
		],
	},
];

/** A document to attach: its binary field (= part name = `documents[].id`) and metadata. */
export interface DocumentRef {
	property: string;
	binary: IBinaryData;
}

/** What `prepare` hands to `execute`: the checked JSON payload and the binary fields to attach. */
export interface Input {
	payload: IDataObject;
	documents: DocumentRef[];
	ifLinkExists: IfLinkExists;
}

const list = (value: unknown) =>
	String(value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

/**
 * Flow → Create: `POST /flow/v1/flows` as multipart (docs/zertiban.md §6.1): the `payload` part as
 * `application/json`, one PDF part per input binary field (named after it, = `documents[].id`), one or more
 * PAYMENT operations (local ids `op-1`, `op-2`, …; each references its documents by id). Safe create: a lost
 * answer is resolved by looking the flow up by its external ID, never by a blind resend. Output: Zertiban's
 * answer `{uuid, externalId, createdAt, operations[{uuid, externalId, id, url}]}` (`url` = payer link).
 */
export const create: OperationModule<Input> = {
	description: updateDisplayOptions({ show: { resource: ['flow'], operation: ['create'] } }, properties),
	oneAtATime: true,
	async prepare(itemIndex, run) {
		const node = this.getNode();
		const flow = readFlowFields(this, run, itemIndex);
		const properties = list(this.getNodeParameter('binaryPropertyNames', itemIndex, ''));
		if (properties.length > MAX_DOCUMENTS) {
			throw inputError(node, 'Input Binary Fields', itemIndex, `names ${properties.length} files; Zertiban takes at most ${MAX_DOCUMENTS} per flow`);
		}
		if (new Set(properties).size !== properties.length) {
			throw inputError(node, 'Input Binary Fields', itemIndex, 'names a binary field twice');
		}
		const documents = properties.map((property): DocumentRef => {
			const binary = this.getInputData()[itemIndex]?.binary?.[property];
			if (!binary) {
				throw inputError(node, 'Input Binary Fields', itemIndex, `names "${property}", but the input item has no binary field of that name`);
			}
			const isPdf = binary.mimeType === 'application/pdf' || /\.pdf$/i.test(binary.fileName ?? '');
			if (!isPdf) {
				throw inputError(
					node,
					'Input Binary Fields',
					itemIndex,
					`names "${property}" (${binary.fileName ?? 'no file name'}, ${binary.mimeType}), which is not a PDF; Zertiban accepts PDF documents only`,
				);
			}
			return { property, binary };
		});
		for (const { property, binary } of documents) {
			const problem = await pdfProblem(this, binary);
			if (problem) throw inputError(node, 'Input Binary Fields', itemIndex, `names "${property}", which ${problem}`);
		}

		const entries = this.getNodeParameter('operations.operation', itemIndex, []) as IDataObject[];
		if (entries.length === 0) throw inputError(node, 'Payment Operations', itemIndex, 'is empty; add at least one payment operation');
		const operations = entries.map((values, i) => {
			const operation = buildPaymentOperation(this, values, itemIndex, flow, run);
			const refs = list(values.documents);
			const unknown = refs.find((r) => !properties.includes(r));
			if (unknown) {
				throw inputError(node, 'Documents', itemIndex, `of payment operation ${i + 1} names "${unknown}", which is not in Input Binary Fields`);
			}
			return { id: `op-${i + 1}`, type: 'PAYMENT', ...operation, ...(refs.length ? { documents: refs } : {}) };
		});

		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const language = String(additional.additionalLanguage ?? '').trim();
		if (language && (!/^[a-z]{2}$/.test(language) || checkIso639Language(language))) {
			throw inputError(node, 'Additional Language', itemIndex, `"${language}" is not a two-letter lower-case ISO 639-1 code such as en`);
		}
		// Label names and values arrive checked and trimmed (text only) from the item runner (nodes/shared/params.ts).
		const labels = ((additional.labels as IDataObject | undefined)?.label as IDataObject[] | undefined) ?? [];
		const payload: IDataObject = {
			...(flow.externalId ? { externalId: flow.externalId } : {}),
			countryCode: flow.countryCode,
			...(language ? { additionalLanguage: language } : {}),
			operations,
			...(documents.length
				? { documents: documents.map((d) => ({ id: d.property, name: d.binary.fileName ?? d.property, type: 'INVOICE' })) }
				: {}),
			...(labels.length ? { labels: labels.map((l) => ({ name: String(l.name ?? ''), value: String(l.value ?? '') })) } : {}),
		};
		return { payload, documents, ifLinkExists: readIfLinkExists(this, itemIndex) };
	},
	async execute({ payload, documents, ifLinkExists }, itemIndex) {
		const files: MultipartPart[] = [];
		for (const { property, binary } of documents) {
			const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
			files.push({ name: property, data, fileName: binary.fileName ?? `${property}.pdf`, mimeType: 'application/pdf' });
		}
		return await safeCreate(this, ZERTIBAN_PATHS.flows, payload, files, itemIndex, ifLinkExists);
	},
};
