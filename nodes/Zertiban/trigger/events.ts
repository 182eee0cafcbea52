import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { checkUuid } from '../../shared/validators';
import { zertibanRequestAllItems } from '../transport';
import { readOperation } from './api';
import { BODY_PROBLEMS, checkSignature } from './signature';

/**
 * Signed event deliveries (docs/zertiban.md §11): POST `…/events`. Verified, deduplicated, filtered, acknowledged
 * with 200 at once; only then is the operation read (option *Include Operation Details*), so the 2xx never
 * waits for the API (Zertiban's 5-second deadline, §11.2).
 */

/** Event type filter values: the documented names (§11.4) plus family wildcards. */
export const EVENT_TYPE_OPTIONS = [
	{ name: 'All Events', value: '*', description: 'Every event Zertiban sends to this URL' },
	{ name: 'Any Flow Event (FLOW_*)', value: 'FLOW_*', description: 'Aggregate flow status changes' },
	{ name: 'Any Operation Event (OPERATION_*)', value: 'OPERATION_*', description: 'Payer actions on a payment link' },
	{ name: 'Any PSD2 Payment Event (PSD2_PAYMENT_*)', value: 'PSD2_PAYMENT_*', description: 'Bank-side status of the PSD2 payment' },
	{ name: 'Flow Cancelled', value: 'FLOW_CANCELLED' },
	{ name: 'Flow Completed', value: 'FLOW_COMPLETED', description: 'All operations of the flow completed' },
	{ name: 'Flow Expired', value: 'FLOW_EXPIRED' },
	{ name: 'Flow In Progress', value: 'FLOW_IN_PROGRESS', description: 'At least one operation of the flow was opened' },
	{ name: 'Flow Partially', value: 'FLOW_PARTIALLY', description: 'The operations ended differently and at least one completed' },
	{ name: 'Flow Rejected', value: 'FLOW_REJECTED' },
	{ name: 'Operation Cancelled', value: 'OPERATION_CANCELLED' },
	{ name: 'Operation Completed', value: 'OPERATION_COMPLETED', description: 'The payer authorised the payment' },
	{ name: 'Operation Created', value: 'OPERATION_CREATED' },
	{ name: 'Operation Expired', value: 'OPERATION_EXPIRED' },
	{ name: 'Operation Not Delivered', value: 'OPERATION_NOT_DELIVERED' },
	{ name: 'Operation Opened', value: 'OPERATION_OPENED', description: 'The payer opened the payment link' },
	{ name: 'Operation Rejected', value: 'OPERATION_REJECTED' },
];

/** Whether `eventType` passes the filter: `*`, a `FAMILY_*` prefix, or the exact name; an empty filter passes all. */
export function eventTypeMatches(eventType: string, filter: string[]): boolean {
	if (filter.length === 0) return true;
	return filter.some((entry) => entry === '*' || entry === eventType || (entry.endsWith('*') && eventType.startsWith(entry.slice(0, -1))));
}

/**
 * How long an event UUID is remembered, ms (24 h): longer than any replay window, so a replay whose timestamp
 * still passes the window is always recognised, however many events came in between. Bounded by time only
 * (issue 10, defect 9); about 70 bytes per event in static data.
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
 * Whether a verified body is a Zertiban event envelope (docs/zertiban.md §11.3): `eventUuid` a UUID, `eventType`
 * an upper-case event name, `resource` an object, `metadata` absent or an object, and no `__proto__` or
 * `constructor` key.
 */
export function isEnvelope(body: IDataObject): boolean {
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

/** Parameters of the POST path, read once per delivery. */
interface EventOptions {
	events: string[];
	replayWindowMinutes: number;
	includeOperationDetails: boolean;
}

function readOptions(ctx: IWebhookFunctions): EventOptions {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		events: ctx.getNodeParameter('events', ['*']) as string[],
		replayWindowMinutes: typeof options.replayWindowMinutes === 'number' ? options.replayWindowMinutes : 5,
		includeOperationDetails: options.includeOperationDetails === true,
	};
}

/** Answers the delivery now and tells n8n not to answer again. */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): void {
	ctx.getResponseObject().status(status).json(body);
}

/**
 * Handles one POST delivery. 400 without an execution for a body that cannot be verified (not a JSON object,
 * nested too deeply, a number that does not round-trip; signature.ts); 401 without an execution for a missing/wrong signature or a stale timestamp;
 * 400 for a body that is not a Zertiban envelope; 200 without an execution for a duplicate or a filtered
 * event; otherwise 200 and one item: the envelope as received, plus `operation` (OPERATION_* events) or
 * `operations` (FLOW_* events: all of the flow's operations, paged) when *Include Operation Details* is on, or
 * `operationDetailsError` when that read failed (the event is still emitted: it was verified and acknowledged).
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = readOptions(this);
	const credentials = await this.getCredentials('zertibanOAuth2Api');
	const headers = this.getHeaderData();
	const body = this.getBodyData();
	const problem = checkSignature({
		body,
		signature: headers['zb-signature'],
		timestamp: headers['zb-timestamp'],
		secret: typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
		now: Date.now(),
		replayWindowMs: Math.max(0, options.replayWindowMinutes) * 60_000,
	});
	// The shape is checked before the signature: a body that is no event is refused (400) whoever signed it.
	if (!isEnvelope(body)) {
		answer(this, 400, {
			error: 'Bad Request',
			reason: 'not a Zertiban event: eventUuid (a UUID), eventType (an event name) and resource (an object) are required; metadata, when present, is an object',
		});
		return { noWebhookResponse: true };
	}
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
	if (!(this.getNodeParameter('startOn', ['events']) as string[]).includes('events') || !eventTypeMatches(eventType, options.events)) {
		answer(this, 200, { received: true, ignored: 'event type not selected in the trigger' });
		return { noWebhookResponse: true };
	}
	const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	const fresh = rememberEvent(this.getWorkflowStaticData('node'), eventUuid, Date.now(), scope);
	if (!fresh) {
		answer(this, 200, { received: true, duplicate: true });
		return { noWebhookResponse: true };
	}
	answer(this, 200, { received: true });
	// The event is marked seen before n8n queues its execution. When Zertiban gave up before the answer went out,
	// it retries: forget the in-process mark so the retry is not answered as a duplicate. Static data is saved only
	// after the execution is queued, so a retry arriving after that is still caught there.
	const response = this.getResponseObject() as { destroyed?: boolean; writableFinished?: boolean; once?: (event: 'close', listener: () => void) => unknown };
	const unanswered = () => response.destroyed === true && response.writableFinished !== true;
	if (unanswered()) forgetAcceptedEvent(eventUuid, scope);
	else response.once?.('close', () => unanswered() && forgetAcceptedEvent(eventUuid, scope));

	const item: IDataObject = { ...body };
	if (options.includeOperationDetails) {
		const resourceUuid = String((body.resource as IDataObject).uuid ?? '');
		try {
			if (checkUuid(resourceUuid)) throw new Error(`resource.uuid is not a UUID: ${resourceUuid}`);
			if (eventType.startsWith('OPERATION_')) {
				item.operation = await readOperation.call(this, resourceUuid);
			} else if (eventType.startsWith('FLOW_')) {
				item.operations = await zertibanRequestAllItems.call(
					this,
					{ method: 'GET', path: '/flow/v1/operations', qs: { q_flowUuid: resourceUuid } },
					{ returnAll: true, limit: 0 },
				);
			}
		} catch (error) {
			item.operationDetailsError = (error as Error).message;
		}
	}
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}
