import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/params';
import { inputError } from '../../../shared/errors';

/** Which token a Token operation acts on: the credential's, or one given in the node (e.g. from Client → Create). */
export const tokenSourceProperties: INodeProperties[] = [
	{
		displayName: 'Token Source',
		name: 'tokenSource',
		type: 'options',
		options: [
			{ name: 'Credential', value: 'credential', description: "The access token stored in the Confirma Finance API credential" },
			{
				name: 'Input',
				value: 'input',
				description: 'A token given below, e.g. a client token your system stores or the output of Client → Create',
			},
		],
		default: 'credential',
		description: 'Which access token to act on',
	},
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: '={{ $json.accessToken }}',
		description: 'The client access token to use; the credential still chooses the environment',
		displayOptions: { show: { tokenSource: ['input'] } },
	},
];

/**
 * The token given in the node when Token Source is *Input* (`undefined` for *Credential*). Throws
 * `NodeOperationError` naming the field and the item when it is empty.
 */
export function readTokenOverride(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	if (ctx.getNodeParameter('tokenSource', itemIndex, 'credential') !== 'input') return undefined;
	const token = readText(ctx, 'accessToken', itemIndex);
	if (!token) throw inputError(ctx.getNode(), 'Access Token', itemIndex, 'is empty; map the token from the input, e.g. {{ $json.accessToken }}');
	return token;
}
