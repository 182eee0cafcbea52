import { runNode } from './harness';
import { sandboxFixture } from '../helpers/sandbox';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

it('smoke', async () => {
	const pdf = Buffer.from('%PDF-1.4\n% one\n%%EOF\n');
	const result = await runNode({
		type: 'zertiban',
		parameters: {
			resource: 'flow',
			operation: 'create',
			externalId: 'F-1',
			countryCode: 'ES',
			binaryPropertyNames: 'data',
			operations: { operation: [{ amount: 50, concept: 'x', operationExternalId: 'O-1' }] },
		},
		inputItems: [{ $binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'inv.pdf' } } }],
		credentials: fx.zertibanCredentials(),
	});
	console.log(result.error, JSON.stringify(result.json('Node')));
});
