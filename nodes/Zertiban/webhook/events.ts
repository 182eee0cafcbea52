import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { settle } from '../../shared/errors';

import { checkUuid } from '../validators';
import { zertibanRequestAllItems, ZERTIBAN_PATHS } from '../transport';
import { readOperation } from './api';
import { BODY_PROBLEMS, checkSignature } from './signature';
import { startsOn } from './startOn';

/**
 * Signed event deliveries (docs/zertiban.md §11): POST `…/events`. Verified, deduplicated, filtered, handed to n8n,
 * which answers 200 once the execution is stored and queued (docs/n8n.md §1), as its own Webhook node does. The
 * operation is read (option *Include Operation Details*) in the execution, so the 2xx never waits for the API
 * (Zertiban's 5-second deadline, §11.2) and nothing is acknowledged that n8n could still lose.
 */

/**
 * Event type filter values: the documented names (§11.4) plus family wildcards, sorted by name. `action` is the
 * name n8n's node creator shows for the trigger action, in the package's words (an operation is a payment link, a
 * flow one or more payment links created together); without it n8n derives a garbled one from `name`.
 */
export const EVENT_TYPE_OPTIONS = [
	{ name: 'All Events', value: '*', action: 'On any Zertiban event', description: 'Every event Zertiban sends to this URL' },
	{
		name: 'Any Flow Event',
		value: 'FLOW_*',
		action: 'On any flow event',
		description: 'Every FLOW_* event: status changes of a whole flow (all its payment links)',
	},
	{
		name: 'Any Operation Event',
		value: 'OPERATION_*',
		action: 'On any payment link event',
		description: 'Every OPERATION_* event: what the payer did with a payment link',
	},
	{
		name: 'Any PSD2 Payment Event',
		value: 'PSD2_PAYMENT_*',
		action: 'On any bank payment event',
		description: 'Every PSD2_PAYMENT_* event: bank-side status of the transfer',
	},
	{ name: 'Flow Cancelled', value: 'FLOW_CANCELLED', action: 'On flow cancelled', description: 'FLOW_CANCELLED: the flow was cancelled' },
	{ name: 'Flow Completed', value: 'FLOW_COMPLETED', action: 'On flow fully paid', description: 'FLOW_COMPLETED: all payment links of the flow were paid' },
	{ name: 'Flow Expired', value: 'FLOW_EXPIRED', action: 'On flow expired', description: 'FLOW_EXPIRED: the flow expired before it was paid' },
	{
		name: 'Flow In Progress',
		value: 'FLOW_IN_PROGRESS',
		action: 'On flow opened',
		description: 'FLOW_IN_PROGRESS: a payer opened at least one payment link of the flow',
	},
	{
		name: 'Flow Partially Completed',
		value: 'FLOW_PARTIALLY',
		action: 'On flow partly paid',
		description: 'FLOW_PARTIALLY: the payment links ended differently and at least one was paid',
	},
	{ name: 'Flow Rejected', value: 'FLOW_REJECTED', action: 'On flow rejected', description: 'FLOW_REJECTED: every payment link of the flow was rejected' },
	{ name: 'Operation Cancelled', value: 'OPERATION_CANCELLED', action: 'On payment link cancelled', description: 'OPERATION_CANCELLED: the payment link was cancelled' },
	{ name: 'Operation Completed', value: 'OPERATION_COMPLETED', action: 'On payment link paid', description: 'OPERATION_COMPLETED: the payer authorised the payment' },
	{ name: 'Operation Created', value: 'OPERATION_CREATED', action: 'On payment link created', description: 'OPERATION_CREATED: a new payment link exists' },
	{ name: 'Operation Expired', value: 'OPERATION_EXPIRED', action: 'On payment link expired', description: 'OPERATION_EXPIRED: the link expired unpaid' },
	{
		name: 'Operation Not Delivered',
		value: 'OPERATION_NOT_DELIVERED',
		action: 'On payment link not delivered',
		description: 'OPERATION_NOT_DELIVERED: the link could not be delivered to the payer',
	},
	{ name: 'Operation Opened', value: 'OPERATION_OPENED', action: 'On payment link opened', description: 'OPERATION_OPENED: the payer opened the payment link' },
	{ name: 'Operation Rejected', value: 'OPERATION_REJECTED', action: 'On payment link rejected', description: 'OPERATION_REJECTED: the payer or the bank rejected the payment' },
];

/** Whether `eventType` passes the filter: `*`, a `FAMILY_*` prefix, or the exact name; an empty filter passes all. */
export function eventTypeMatches(eventType: string, filter: string[]): boolean {
	if (filter.length === 0) return true;
	return filter.some((entry) => entry === '*' || entry === eventType || (entry.endsWith('*') && eventType.startsWith(entry.slice(0, -1))));
}

/**
 * How long an event UUID is remembered, ms (24 h): longer than any replay window, so a replay whose timestamp
 * still passes the window is always recognised, however many events came in between. Bounded by time only
 * (a count bound would forget an event that a flood of others pushed out); about 70 bytes per event in static data.
 */
export const REMEMBER_EVENTS_MS = 24 * 60 * 60 * 1000;

/** Remembered `[eventUuid, receivedAt epoch ms]`, oldest first, as kept in `getWorkflowStaticData('node')`. */
type SeenEvents = Array<[string, number]>;

/**
 * Events accepted by this process but whose static data n8n may not have saved yet (it saves after the
 * webhook returns, and the 200 goes out before that): a duplicate arriving in that gap is caught here.
 * Keyed `workflowId:nodeId:eventUuid`; bounded. Process-wide on purpose: the gap it covers lies between two
 * webhook calls (two different executions), so nothing scoped to one run could see both; across processes the
 * saved static data does the job.
 */
const recentlyAccepted = new Set<string>();
const RECENT_BOUND = 10_000;

/**
 * Records `eventUuid` as seen; returns false when it was seen before (a duplicate delivery). Drops remembered
 * events older than {@link REMEMBER_EVENTS_MS}, and no others.
 */
export function rememberEvent(staticData: IDataObject, eventUuid: string, now: number, scope = ''): boolean {
	const stored = Array.isArray(staticData.seenEvents) ? (staticData.seenEvents as SeenEvents) : [];
	const inProcess = `${scope}:${eventUuid}`;
	if (recentlyAccepted.has(inProcess) || stored.some(([uuid]) => uuid === eventUuid)) return false;
	recentlyAccepted.add(inProcess);
	if (recentlyAccepted.size > RECENT_BOUND) recentlyAccepted.delete(recentlyAccepted.values().next().value as string);
	staticData.seenEvents = [...stored.filter(([, at]) => now - at <= REMEMBER_EVENTS_MS), [eventUuid, now] as [string, number]];
	return true;
}

/**
 * Drops `eventUuid` from the in-process memory of {@link rememberEvent} (not from static data): for a delivery whose
 * answer never reached Zertiban, so that its retry is not taken for a duplicate while this one may never be queued.
 */
export function forgetAcceptedEvent(eventUuid: string, scope = ''): void {
	recentlyAccepted.delete(`${scope}:${eventUuid}`);
}

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Whether a body is a Zertiban event envelope (docs/zertiban.md §11.3): a JSON object (not `null`, an array, a
 * number or a string: n8n hands over whatever JSON was posted) with `eventUuid` a UUID, `eventType` an upper-case
 * event name, `resource` an object, `metadata` absent or an object, and no `__proto__` or `constructor` key.
 */
export function isEnvelope(value: unknown): value is IDataObject {
	if (!isObject(value)) return false;
	const body = value as IDataObject;
	const own = (key: string) => Object.prototype.hasOwnProperty.call(body, key);
	return (
		typeof body.eventUuid === 'string' &&
		checkUuid(body.eventUuid) === undefined &&
		typeof body.eventType === 'string' &&
		/^[A-Z][A-Z0-9_]{0,63}$/.test(body.eventType) &&
		isObject(body.resource) &&
		(!own('metadata') || isObject(body.metadata)) &&
		!own('__proto__') &&
		!own('constructor')
	);
}

/**
 * The replay window of the *Replay Window (Minutes)* option, ms (default 5 minutes; 0 = no check): the only
 * parameter the 401 decision needs, read alone so that nothing else is evaluated before the answer.
 */
function replayWindowMs(ctx: IWebhookFunctions): number {
	const minutes = ctx.getNodeParameter('options.replayWindowMinutes', 5) as unknown;
	return Math.max(0, typeof minutes === 'number' ? minutes : 5) * 60_000;
}

/** Answers the delivery now and tells n8n not to answer again. */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): void {
	ctx.getResponseObject().status(status).json(body);
}

/**
 * Handles one POST delivery. 400 without an execution for a body that cannot be verified (not a JSON object,
 * nested too deeply, a number that does not round-trip; signature.ts); 401 without an execution for a missing/wrong signature or a stale timestamp;
 * 400 for a body that is not a Zertiban envelope; 200 without an execution for a duplicate or a filtered
 * event; otherwise one item, the envelope as received, and n8n answers 200 `{ received: true }` once it has stored
 * and queued the execution (500 when it cannot: Zertiban retries). The operation read-back is
 * {@link addOperationDetails}, in the execution.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// Before the 400 / 401 decision only what it needs is read, once: the body, the headers, the credential (for the
	// webhook secret) and the replay window. The event filter and the other options only for a verified event.
	// any JSON value: `null`, a number, a string or an array is refused below like any other non-event
	const body: unknown = this.getBodyData();
	// The shape is checked before the signature: a body that is no event is refused (400) whoever signed it.
	if (!isEnvelope(body)) {
		answer(this, 400, {
			error: 'Bad Request',
			reason: 'not a Zertiban event: eventUuid (a UUID), eventType (an event name) and resource (an object) are required; metadata, when present, is an object',
		});
		return { noWebhookResponse: true };
	}
	const headers = this.getHeaderData();
	const credentials = await this.getCredentials('zertibanOAuth2Api');
	const problem = checkSignature({
		body,
		signature: headers['zb-signature'],
		timestamp: headers['zb-timestamp'],
		secret: typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
		now: Date.now(),
		replayWindowMs: replayWindowMs(this),
	});
	if (problem && BODY_PROBLEMS.has(problem)) {
		answer(this, 400, { error: 'Bad Request', reason: problem });
		return { noWebhookResponse: true };
	}
	if (problem) {
		answer(this, 401, { error: 'Unauthorized', reason: problem });
		return { noWebhookResponse: true };
	}
	const eventUuid = body.eventUuid as string;
	const eventType = body.eventType as string;
	const events = this.getNodeParameter('events', ['*']) as string[];
	if (!startsOn(this, 'events') || !eventTypeMatches(eventType, events)) {
		answer(this, 200, { received: true, ignored: 'event type not selected in the trigger' });
		return { noWebhookResponse: true };
	}
	const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	const fresh = rememberEvent(this.getWorkflowStaticData('node'), eventUuid, Date.now(), scope);
	if (!fresh) {
		answer(this, 200, { received: true, duplicate: true });
		return { noWebhookResponse: true };
	}
	// n8n answers this 200 itself, once the execution is stored and queued (docs/n8n.md §1): nothing is acknowledged
	// that n8n does not hold yet. The event is marked seen before that; when the answer is not a 2xx that reached
	// Zertiban (the sender gave up, or n8n could not queue the execution and answered 500), the in-process mark is
	// dropped so that Zertiban's retry is not taken for a duplicate. Static data is saved only after the execution is
	// queued, so a retry arriving after that is caught there.
	const response = this.getResponseObject() as { destroyed?: boolean; writableFinished?: boolean; statusCode?: number; once?: (event: 'close', listener: () => void) => unknown };
	const acknowledged = () => response.writableFinished === true && (response.statusCode ?? 500) < 300;
	if (response.destroyed === true) forgetAcceptedEvent(eventUuid, scope);
	else response.once?.('close', () => acknowledged() || forgetAcceptedEvent(eventUuid, scope));
	return { workflowData: [[{ json: { ...body } }]], webhookResponse: { received: true } };
}

/**
 * *Include Operation Details*, run in the execution (the trigger's `execute`, on a worker in queue mode), never
 * between the acknowledgement and the hand-over to n8n: each event item gets `operation` (OPERATION_* events, the
 * operation as Zertiban holds it now, docs/zertiban.md §7.2) or `operations` (FLOW_* events: all of the flow's
 * operations, paged, §7.1), or `operationDetailsError` when that read failed (the event is still emitted: it was
 * verified and acknowledged). Items that are no event (payer redirects) pass unchanged.
 */
export async function addOperationDetails(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	return await Promise.all(
		items.map(async (item, itemIndex) => {
			const event = item.json;
			const eventType = typeof event.eventType === 'string' ? event.eventType : '';
			const wanted = this.getNodeParameter('options.includeOperationDetails', itemIndex, false) === true;
			if (!wanted || !eventType || !isObject(event.resource)) return item;
			const json: IDataObject = { ...event };
			const resourceUuid = String((event.resource as IDataObject).uuid ?? '');
			const read = await settle(async () => {
				if (checkUuid(resourceUuid)) throw new Error(`resource.uuid is not a UUID: ${resourceUuid}`);
				if (eventType.startsWith('OPERATION_')) json.operation = await readOperation.call(this, resourceUuid);
				else if (eventType.startsWith('FLOW_')) {
					json.operations = await zertibanRequestAllItems.call(this, { method: 'GET', path: ZERTIBAN_PATHS.operations, qs: { q_flowUuid: resourceUuid } }, { returnAll: true, limit: 0 });
				}
			});
			if (!read.ok) json.operationDetailsError = (read.error as Error).message;
			return { ...item, json };
		}),
	);
}
