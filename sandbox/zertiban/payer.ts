/**
 * The hosted payer page behind an operation's payer URL (docs/zertiban.md §6.1 [SIM], §12): plain HTML,
 * no JavaScript. Opening it moves a CREATED operation to OPENED; its three forms drive the payer's choices:
 * - Pay → COMPLETED, then 303 to the configuration's callback URL (or the neutral sandbox page);
 * - Reject → REJECTED, then 303 to the callback URL (or the neutral page);
 * - Exit → no status change, 303 to the configuration's return URL (or the neutral page).
 * Placeholders of §12 are substituted URL-encoded; the callback-only ones (`{operationStatus}`,
 * `{operationResult}`, `{flowStatus}`, `{flowResult}`) become empty in a return URL ([SIM]).
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../controls';
import type { ZertibanContext } from './context';
import { FINAL_STATUSES, type OperationRecord } from './state';

/** Path prefix of payer URLs. */
export const PAYER_PATH = '/link-validator/v1/links/';

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Replaces `{name}` placeholders with URL-encoded values; unknown placeholders are left as they are. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in values ? encodeURIComponent(values[name]) : whole,
	);
}

/** Amount in cents as a payer reads it, e.g. 1999 EUR → `19.99 EUR`. */
const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

function page(title: string, body: string): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Zertiban sandbox</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}form{display:inline}
button{font-size:1rem;margin:.5rem .5rem 0 0;padding:.5rem 1rem}dt{font-weight:bold}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}<p><small>Zertiban sandbox — no real payment is made.</small></p></body></html>`;
}

/** Registers the payer page routes (a scope with a form-body parser, for the browsers' urlencoded POSTs). */
export function registerPayerPage(app: FastifyInstance, ctx: ZertibanContext): void {
	const { state } = ctx;

	const recordOf = (request: FastifyRequest): OperationRecord => {
		const token = (request.params as { token: string }).token;
		const uuid = state.links.get(token);
		const record = uuid === undefined ? undefined : state.operations.get(uuid);
		if (!record) throw new ApiError(404, 'This payment link is not valid');
		return record;
	};

	/** The §12 placeholder values for an operation; callback-only values are empty when `callback` is false. */
	const placeholders = (record: OperationRecord, callback: boolean): Record<string, string> => {
		const flow = state.flows.get(record.operation.flowUuid);
		const config = state.configurations.find((c) => c.summary.uuid === record.operation.configurationUuid);
		const opStatus = record.operation.status;
		const flowStatus = flow?.flow.status ?? '';
		return {
			flowId: record.operation.flowUuid,
			externalFlowId: flow?.flow.externalId ?? '',
			operationId: record.operation.uuid,
			externalOperationId: record.operation.externalId ?? '',
			language: config?.language ?? 'es',
			operationStatus: callback ? opStatus : '',
			operationResult: callback ? (opStatus === 'COMPLETED' ? 'OK' : 'KO') : '',
			flowStatus: callback ? flowStatus : '',
			flowResult: callback ? (flowStatus === 'COMPLETED' || flowStatus === 'PARTIALLY' ? 'OK' : 'KO') : '',
		};
	};

	/** 303 to the configuration's callback (`kind` callback) or return URL, or the neutral sandbox page. */
	const redirect = (reply: FastifyReply, request: FastifyRequest, record: OperationRecord, kind: 'callback' | 'return') => {
		const config = state.configurations.find((c) => c.summary.uuid === record.operation.configurationUuid);
		const template = kind === 'callback' ? config?.callbackUrl : config?.returnUrl;
		const token = (request.params as { token: string }).token;
		const target = template
			? fillPlaceholders(template, placeholders(record, kind === 'callback'))
			: `${PAYER_PATH}${token}/finished?left=${kind === 'return' ? 'true' : 'false'}`;
		return reply.code(303).header('Location', target).send();
	};

	/** Runs a payer transition; a refused one answers an HTML page with 409 instead of the JSON error. */
	const act = (reply: FastifyReply, record: OperationRecord, run: () => void): boolean => {
		try {
			run();
			return true;
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			reply
				.code(error.status)
				.type('text/html; charset=utf-8')
				.send(page('This payment cannot change', `<p>${escapeHtml(error.message)}.</p>`));
			return false;
		}
	};

	app.register(async (scope) => {
		await scope.register(formbody);

		scope.get(`${PAYER_PATH}:token`, async (request, reply) => {
			const record = recordOf(request);
			if (record.operation.status === 'CREATED') state.transition(record, 'OPENED');
			const op = record.operation;
			const account = state.accountOf(op);
			const token = (request.params as { token: string }).token;
			const details = `<dl><dt>Amount</dt><dd>${escapeHtml(money(op.payment.amount, op.payment.currency))}</dd>
<dt>Concept</dt><dd>${escapeHtml(op.payment.concept ?? '')}</dd>
<dt>Creditor</dt><dd>${escapeHtml(account?.alias ?? 'Sandbox Business SL')} (${escapeHtml(account?.accountNumber ?? '')})</dd>
<dt>Status</dt><dd id="status">${escapeHtml(op.status)}</dd></dl>`;
			const forms =
				op.status === 'OPENED'
					? ['pay:Pay', 'reject:Reject', 'exit:Exit']
							.map((a) => a.split(':'))
							.map(([a, label]) => `<form method="post" action="${PAYER_PATH}${token}/${a}"><button type="submit">${label}</button></form>`)
							.join('')
					: FINAL_STATUSES.includes(op.status)
						? `<form method="post" action="${PAYER_PATH}${token}/exit"><button type="submit">Exit</button></form>`
						: '';
			return reply.type('text/html; charset=utf-8').send(page('Payment request', details + forms));
		});

		scope.post(`${PAYER_PATH}:token/pay`, async (request, reply) => {
			const record = recordOf(request);
			if (!act(reply, record, () => state.transition(record, 'COMPLETED'))) return reply;
			return redirect(reply, request, record, 'callback');
		});
		scope.post(`${PAYER_PATH}:token/reject`, async (request, reply) => {
			const record = recordOf(request);
			if (!act(reply, record, () => state.transition(record, 'REJECTED'))) return reply;
			return redirect(reply, request, record, 'callback');
		});
		scope.post(`${PAYER_PATH}:token/exit`, async (request, reply) => redirect(reply, request, recordOf(request), 'return'));

		scope.get(`${PAYER_PATH}:token/finished`, async (request, reply) => {
			const record = recordOf(request);
			const left = (request.query as Record<string, string>).left === 'true';
			const text = left
				? 'You left the payment page. You can close this window.'
				: `The operation is ${record.operation.status}. You can close this window.`;
			return reply.type('text/html; charset=utf-8').send(page('Thank you', `<p id="status">${escapeHtml(text)}</p>`));
		});
	});
}
