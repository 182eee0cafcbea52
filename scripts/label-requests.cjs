/**
 * Preloaded into each n8n process of a test cluster (`NODE_OPTIONS=--require …`, scripts/queue.ts): adds the
 * header `x-sandbox-client: <ZC_PROCESS_NAME>` to every outgoing http(s) request, so the sandbox can count token
 * requests per process (sandbox/controls.ts `tokenRequestsByClient`). Nothing else changes; without
 * ZC_PROCESS_NAME it does nothing.
 */
const name = process.env.ZC_PROCESS_NAME;
if (name) {
	for (const module of [require('node:http'), require('node:https')]) {
		const request = module.request;
		module.request = function labelled(...args) {
			const outgoing = request.apply(this, args);
			if (!outgoing.headersSent) outgoing.setHeader('x-sandbox-client', name);
			return outgoing;
		};
	}
}
