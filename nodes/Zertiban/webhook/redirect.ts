import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { checkUuid } from '../validators';
import { readOperation } from './api';
import { rememberEvent } from './events';
import { startsOn } from './startOn';

/**
 * Payer redirects (docs/zertiban.md §12): GET `…/redirect`, the configuration's callback and return URLs. The
 * request comes from the payer's browser and anyone can forge it, so the query string is never trusted: the
 * operation is read from the API and its real status decides the page. The browser is sent only to a page URL
 * set in this node (never to a URL from the request), or gets a plain neutral page; it never sees an error.
 */

/** Query string to append to the redirect URL for the configuration's callback URL (placeholders of §12). */
export const CALLBACK_TEMPLATE = '?redirect=callback&operationId={operationId}&externalOperationId={externalOperationId}&operationStatus={operationStatus}';
/** Query string to append to the redirect URL for the configuration's return URL (no result placeholders, §12). */
export const RETURN_TEMPLATE = '?redirect=return&operationId={operationId}&externalOperationId={externalOperationId}';

/** Final operation statuses (§10.1). */
const FINAL_STATUSES = ['COMPLETED', 'REJECTED', 'EXPIRED', 'CANCELLED', 'NOT_DELIVERED'];

/** Which page the payer gets, from the operation's real status. */
export type RedirectOutcome = 'paid' | 'notPaid' | 'left';

/**
 * `paid` only when the API says COMPLETED; `left` when the payer used the exit button (return URL) of an
 * operation that is not final yet; `notPaid` otherwise (final without payment, or a callback whose claimed
 * result the API does not confirm).
 */
export function redirectOutcome(status: string, redirect: string): RedirectOutcome {
	if (status === 'COMPLETED') return 'paid';
	if (redirect === 'return' && !FINAL_STATUSES.includes(status)) return 'left';
	return 'notPaid';
}

/** An absolute http(s) URL, or undefined (empty, relative, javascript:, data:, …). */
export function safePageUrl(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	try {
		const url = new URL(value.trim());
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
	} catch {
		return undefined;
	}
}

const NEUTRAL_TEXT: Record<RedirectOutcome | 'unknown', string> = {
	paid: 'Thank you. Your payment has been received. You can close this window.',
	notPaid: 'The payment has not been completed. You can close this window.',
	left: 'You left the payment page. You can close this window.',
	unknown: 'Thank you. You can close this window.',
};

function neutralPage(ctx: IWebhookFunctions, outcome: RedirectOutcome | 'unknown'): void {
	ctx
		.getResponseObject()
		.status(200)
		.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
		.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment</title></head><body><p>${NEUTRAL_TEXT[outcome]}</p></body></html>`);
}

function first(value: unknown): string | undefined {
	const single = Array.isArray(value) ? value[0] : value;
	return typeof single === 'string' ? single : undefined;
}

/**
 * Handles one browser GET. Reads `operationId` from the query (a UUID, else the neutral page and no execution),
 * reads the operation from the API (on failure: the neutral page, no execution), then redirects (303) to the
 * page configured for the outcome, or shows the neutral page when none is set. With *Emit Payer Redirects* on it
 * emits one item `{source: 'redirect', redirect, status, outcome, claimedStatus, claimConfirmed, query, operation}`
 * where `status` is the API's, `claimedStatus` what the URL said, once per operation and outcome: later GETs
 * with the same outcome get the same answer but start no execution (remembered like event IDs, events.ts).
 */
export async function receiveRedirect(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as IDataObject;
	const operationId = first(query.operationId) ?? '';
	const redirect = first(query.redirect) === 'return' ? 'return' : 'callback';
	if (checkUuid(operationId)) {
		neutralPage(this, 'unknown');
		return { noWebhookResponse: true };
	}
	let operation: IDataObject;
	try {
		operation = await readOperation.call(this, operationId, false); // one API call per GET: anyone can send them
	} catch {
		neutralPage(this, 'unknown'); // the payer sees no error; a lost redirect is recovered by the webhook or polling
		return { noWebhookResponse: true };
	}
	const status = String(operation.status ?? '');
	const outcome = redirectOutcome(status, redirect);
	const pages = this.getNodeParameter('redirectPages', {}) as IDataObject;
	const target = safePageUrl({ paid: pages.paidPageUrl, notPaid: pages.notPaidPageUrl, left: pages.leftPageUrl }[outcome]);
	const response = this.getResponseObject();
	if (target) {
		response.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(303, target);
	} else {
		neutralPage(this, outcome);
	}
	if (!startsOn(this, 'redirects')) return { noWebhookResponse: true };
	// One execution per operation and outcome: a reload or a shared link gets the same answer but runs nothing.
	const node = this.getNode();
	const key = `redirect:${operationId.trim().toLowerCase()}:${outcome}`;
	if (!rememberEvent(this.getWorkflowStaticData('node'), key, Date.now(), `${this.getWorkflow().id ?? ''}:${node.id}`)) {
		return { noWebhookResponse: true };
	}
	const claimedStatus = first(query.operationStatus);
	return {
		noWebhookResponse: true,
		workflowData: [
			[
				{
					json: {
						source: 'redirect',
						redirect,
						status,
						outcome,
						claimedStatus: claimedStatus ?? null,
						claimConfirmed: claimedStatus === undefined ? null : claimedStatus === status,
						query,
						operation,
					},
				},
			],
		],
	};
}
