import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AUTO_START, MAX_AUTO_REQUESTS, runAdaptively } from './concurrency';
import { checkedParameters, withCheckedParameters } from './params';

/**
 * An output item that carries binary data (a downloaded document, a generated PDF) next to its JSON. `execute`
 * returns it, or an array of them, instead of plain JSON objects.
 */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * What the item runner knows about one run of a node and hands to every `prepare` and `execute` of it (fresh for
 * each run, never module state):
 * - `environment`: the credential's environment (`sandbox` | `production` | `custom`) when the node's router read
 *   it before the items (Zertiban), else `undefined`;
 * - `claim(kind, key, itemIndex)`: a cross-item claim, e.g. "this Flow External ID is taken in this run". Records
 *   that `itemIndex` holds `key` (of `kind`) and returns the item that claimed it first, or `undefined` when no
 *   other item did.
 */
export interface RunContext {
	readonly environment?: string;
	claim(kind: string, key: string, itemIndex: number): number | undefined;
}

/** What a node's router knows before its items run (passed to {@link runItems}). */
export interface RunFacts {
	environment?: string;
}

/** A fresh {@link RunContext} for one run. */
export function createRunContext(facts: RunFacts = {}): RunContext {
	const claims = new Map<string, number>();
	return {
		environment: facts.environment,
		claim(kind, key, itemIndex) {
			const id = `${kind}\u0000${key}`;
			const first = claims.get(id);
			if (first !== undefined && first !== itemIndex) return first;
			claims.set(id, itemIndex);
			return undefined;
		},
	};
}

/**
 * One operation of a node (the operation-module contract of CONTRIBUTING.md): its UI properties and the two steps
 * that turn ONE input item into a result, plus how its items may run.
 *
 * - `prepare` reads and checks the item's parameters, so bad input is refused before any request is sent for
 *   ANY item. It may be async and may read the item's own binary data (`getBinaryDataBuffer`, or better its
 *   metadata such as `fileSize`/`bytes`), e.g. to check a PDF's magic bytes. It must NOT send an API request,
 *   write anything, or hold large buffers for `execute` (read only what the check needs; `execute` reads the
 *   data again when it sends it), since all items are prepared before the first one executes.
 * - `execute` sends the request(s) and returns the item's output JSON (one object, or several for list
 *   operations).
 * - Both receive the {@link RunContext} of the run as their last argument (what the run knows; items are
 *   prepared in item order, so a claim made in `prepare` names the earliest item).
 * - `oneAtATime`: set it on operations that are not idempotent (creates, submits). Their items run strictly in
 *   order, one at a time, so a failure stops the node before any later item is sent (as n8n's own nodes do);
 *   without it up to the node's *Requests at Once* ({@link readConcurrency}) items run at once.
 * - `notForAgents`: why an AI agent must not use the operation (nodes/shared/tools.ts); the tool variant of the
 *   node does not offer it and the router refuses it there.
 */
export interface OperationModule<Input = unknown> {
	description: INodeProperties[];
	oneAtATime?: boolean;
	notForAgents?: string;
	prepare(this: IExecuteFunctions, itemIndex: number, run: RunContext): Input | Promise<Input>;
	execute(
		this: IExecuteFunctions,
		input: Input,
		itemIndex: number,
		run: RunContext,
	): Promise<IDataObject | IDataObject[] | ItemWithBinary | ItemWithBinary[]>;
}

/**
 * *Requests at Once* by default: the most requests in flight per run. With *Concurrency: Auto* (the default) this is
 * a ceiling and the adaptive limiter finds the number below it (nodes/shared/concurrency.ts); neither API documents a
 * rate limit (docs/zertiban.md §4.5, docs/cfis.md §11).
 */
export const DEFAULT_REQUESTS_AT_ONCE = MAX_AUTO_REQUESTS;

/** Largest *Requests at Once* the nodes accept. */
export const MAX_REQUESTS_AT_ONCE = MAX_AUTO_REQUESTS;

/** How a run's items share the API (the node's *Concurrency* and *Requests at Once*, {@link concurrencyProperties}). */
export interface Concurrency {
	/** `auto`: adaptive, at most `requestsAtOnce` in flight; `fixed`: exactly `requestsAtOnce` items at a time */
	mode: 'auto' | 'fixed';
	/** requests in flight, 1 to {@link MAX_REQUESTS_AT_ONCE} */
	requestsAtOnce: number;
}

/** One item at a time (creates, submits: `oneAtATime`). */
export const ONE_AT_A_TIME: Concurrency = { mode: 'fixed', requestsAtOnce: 1 };

/**
 * The *Concurrency* (name `concurrency`: `auto` | `fixed`, default `auto`) and *Requests at Once* (name
 * `requestsAtOnce`, a count of requests in flight, 1 to {@link MAX_REQUESTS_AT_ONCE}, default
 * {@link DEFAULT_REQUESTS_AT_ONCE}) parameters of an action node. `api` is the API's name and `limits` what its
 * contract says about rate limits, both shown in the descriptions.
 */
export function concurrencyProperties(api: string, limits: string): INodeProperties[] {
	return [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description: `Finds how many requests ${api} takes at once: starts with ${AUTO_START}, sends more while answers stay fast and no 429 or 503 comes back, backs off at once when one does. Learned per credential and shared by every execution in this n8n process.`,
				},
				{
					name: 'Fixed',
					value: 'fixed',
					description: 'Always sends Requests at Once items at the same time',
				},
			],
			default: 'auto',
			description: `How many items send their ${api} request at the same time. ${limits} Creates and other operations that must not be sent twice always run one item at a time.`,
		},
		{
			displayName: 'Requests at Once',
			name: 'requestsAtOnce',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_AT_ONCE, numberPrecision: 0 },
			default: DEFAULT_REQUESTS_AT_ONCE,
			description: `Number of requests in flight, 1 to ${MAX_REQUESTS_AT_ONCE}: the most with Concurrency Auto, exactly this many with Fixed. When ${api} answers 429 (too many requests), the refused request waits the time it asks for (Retry-After, at most 30 seconds); with Fixed, and when Auto first meets a limit or finds it fell, every request with this credential waits.`,
		},
	];
}

/**
 * Reads the node's *Concurrency* and *Requests at Once* ({@link concurrencyProperties}) for this run, from the first
 * item. Throws `NodeOperationError` naming the field when Requests at Once is not a whole number from 1 to
 * {@link MAX_REQUESTS_AT_ONCE} or Concurrency is neither `auto` nor `fixed`.
 */
export function readConcurrency(ctx: IExecuteFunctions): Concurrency {
	const value = ctx.getNodeParameter('requestsAtOnce', 0, DEFAULT_REQUESTS_AT_ONCE) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_REQUESTS_AT_ONCE) {
		throw new NodeOperationError(ctx.getNode(), `Requests at Once must be a whole number from 1 to ${MAX_REQUESTS_AT_ONCE}, not ${JSON.stringify(value)}`, {
			itemIndex: 0,
		});
	}
	const mode = ctx.getNodeParameter('concurrency', 0, 'auto') as unknown;
	if (mode !== 'auto' && mode !== 'fixed') {
		throw new NodeOperationError(ctx.getNode(), `Concurrency must be "auto" or "fixed", not ${JSON.stringify(mode)}`, { itemIndex: 0 });
	}
	return { mode, requestsAtOnce: value };
}

/**
 * The output item of a failed item under *Continue On Fail*, the one place both nodes build it (`error` is the
 * redacted `NodeApiError`/`NodeOperationError`: its message, the API's words as `description`, the HTTP status as
 * `httpCode`).
 *
 * - *On Error* = Continue (regular output): json `{ error, description?, httpCode? }`.
 * - *On Error* = Continue (using error output): json `{ error, details: { description?, httpCode? } }`. n8n sends an
 *   item to the error output when its json holds only `error`, `message` and `details`, and then adds the paired
 *   input item's fields to it. The item carries no `error` object: n8n would replace its json by
 *   `{ error: message }` in both outputs (n8n-core `WorkflowExecute.normalizeNodeErrors`), losing the description,
 *   the HTTP status and the input fields.
 */
function failedItem(ctx: IExecuteFunctions, error: Error & { description?: unknown; httpCode?: unknown }, itemIndex: number): INodeExecutionData {
	const details: IDataObject = {};
	if (typeof error.description === 'string' && error.description) details.description = error.description;
	if (error.httpCode) details.httpCode = String(error.httpCode);
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const json: IDataObject = toErrorOutput
		? { error: error.message, ...(Object.keys(details).length ? { details } : {}) }
		: { error: error.message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || (error as { context?: unknown })?.context) {
		const withContext = error as Error & { context: IDataObject };
		withContext.context = { ...(withContext.context ?? {}), itemIndex };
		return withContext;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The item runner: runs `operation` for every input item, handing each step one {@link RunContext} built from
 * `facts`, and returns the output in input order, each output
 * item with `pairedItem` pointing at its input item.
 *
 * 1. `prepare` runs for all items first, each after the item's parameters passed the checks that the operation's
 *    properties define (option values, text, numbers; nodes/shared/params.ts) and reading the checked values. Without *Continue On Fail*, the first bad item throws and no request is
 *    sent for any item; with it, that item's output is a failed item (its error; on the error output when the node's
 *    *On Error* uses it) and the others go on.
 * 2. `execute` runs for the prepared items, at most `concurrency.requestsAtOnce` at a time (always one for a
 *    `oneAtATime` operation); with mode `auto` their requests also wait for the credential's adaptive limit
 *    (nodes/shared/concurrency.ts). A failure without *Continue On Fail* stops new items from starting and throws
 *    the error of the earliest failed item (with its index).
 */
export async function runItems<Input>(
	ctx: IExecuteFunctions,
	operation: OperationModule<Input>,
	facts: RunFacts = {},
	concurrency: Concurrency = { mode: 'auto', requestsAtOnce: DEFAULT_REQUESTS_AT_ONCE },
): Promise<INodeExecutionData[]> {
	if (operation.oneAtATime) concurrency = ONE_AT_A_TIME;
	if (concurrency.mode === 'auto') runAdaptively(ctx);
	const run = createRunContext(facts);
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const results: INodeExecutionData[][] = new Array(itemCount);
	const prepared: Array<{ itemIndex: number; input: Input }> = [];

	const saved = ctx.getNode().parameters as IDataObject;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const checked = withCheckedParameters(ctx, itemIndex, checkedParameters(ctx, operation.description, itemIndex, saved));
			prepared.push({ itemIndex, input: await operation.prepare.call(checked, itemIndex, run) });
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(ctx, error, itemIndex);
			results[itemIndex] = [failedItem(ctx, error as Error, itemIndex)];
		}
	}

	let next = 0;
	const failed: { first?: { itemIndex: number; error: unknown } } = {};
	const recordFailure = (itemIndex: number, error: unknown) => {
		if (!failed.first || itemIndex < failed.first.itemIndex) failed.first = { itemIndex, error };
	};
	const worker = async () => {
		while (next < prepared.length && !failed.first) {
			const { itemIndex, input } = prepared[next++];
			try {
				const output = await operation.execute.call(ctx, input, itemIndex, run);
				results[itemIndex] = (Array.isArray(output) ? output : [output]).map((out: IDataObject | ItemWithBinary) =>
					out instanceof ItemWithBinary
						? { json: out.json, binary: out.binary, pairedItem: { item: itemIndex } }
						: { json: out, pairedItem: { item: itemIndex } },
				);
			} catch (error) {
				if (continueOnFail) {
					results[itemIndex] = [failedItem(ctx, error as Error, itemIndex)];
				} else {
					recordFailure(itemIndex, error);
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency.requestsAtOnce, prepared.length) }, worker));
	if (failed.first) throw withItemIndex(ctx, failed.first.error, failed.first.itemIndex);
	return results.flatMap((items) => items ?? []);
}
