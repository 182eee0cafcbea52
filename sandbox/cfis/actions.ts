/**
 * The invoice-action queue (docs/cfis.md §4.5 [D]: actions are queued and processed asynchronously; no endpoint
 * reads their state). `POST /invoice/action` only accepts: each action becomes a {@link QueuedAction} in status
 * PENDING, due `delay` after it was accepted. It is applied later, when it is due and every earlier action of its
 * case has been applied (in order per case), by {@link ActionQueue.processDue}, which the CFIS app runs before every
 * request and before every reply (so right after a clock or settings control too). Tests drive it through the
 * `/__sandbox/cfis/actions…` and `/__sandbox/cfis/settings` controls (./controls.ts). The effects on a case are
 * those of §7.3 ([SIM]).
 */
import { randomUUID } from 'node:crypto';
import type { SandboxClock } from '../clock';
import { cents, type CaseRecord, type CfisFinanceState } from './state';

/** Where a queued action is: waiting, applied to its case, or dropped at processing (the case no longer takes actions). */
export type ActionStatus = 'PENDING' | 'PROCESSED' | 'FAILED';

/** One accepted action, as the queue keeps it and the `GET /__sandbox/cfis/actions` control shows it. */
export interface QueuedAction {
	/** opaque id, also in the `POST /invoice/action` answer */
	actionId: string;
	/** acceptance order over the whole sandbox (1, 2, …) */
	sequence: number;
	/** the client (business ID) whose token sent it */
	businessCode: string;
	caseId: number;
	invoiceNumber: string;
	code: string;
	comment: string;
	/** the action's `data` as sent */
	data: Record<string, unknown>;
	status: ActionStatus;
	/** ISO 8601 sandbox time of acceptance */
	acceptedAt: string;
	/** ISO 8601 sandbox time from which it may be applied (acceptedAt + the delay in force then) */
	dueAt: string;
	/** ISO 8601 sandbox time it was applied or dropped; null while PENDING */
	processedAt: string | null;
	/** why a FAILED action was dropped; null otherwise */
	failure: string | null;
}

/** Case statuses that take no more actions (§7.3 [SIM]): an action accepted before is dropped when processed. */
export const CLOSED_CASE_STATUSES = ['WITHDRAWN', 'CLOSED'];

/** An action of a `POST /invoice/action` body, checked, with the case it targets. */
export interface AcceptedAction {
	code: string;
	comment: string;
	data: Record<string, unknown>;
	case: CaseRecord;
}

/** The queue of every client's invoice actions, bound to the sandbox clock and the finance state it changes. */
export class ActionQueue {
	private actions: QueuedAction[] = [];
	private nextSequence = 1;

	constructor(
		private readonly clock: SandboxClock,
		private readonly state: CfisFinanceState,
	) {}

	/** Forgets every action (reset). */
	clear(): void {
		this.actions = [];
		this.nextSequence = 1;
	}

	/**
	 * Queues `accepted` (in order) for `businessCode`, each due after the current delay, and returns the answer of
	 * `POST /invoice/action` per action: `{ index, code, status: 'PENDING', actionId }` (§4.5 [SIM]).
	 */
	accept(businessCode: string, accepted: AcceptedAction[]): Array<{ index: number; code: string; status: 'PENDING'; actionId: string }> {
		const now = this.clock.now();
		const dueAt = new Date(now + this.state.settings.actionDelaySeconds * 1000).toISOString();
		return accepted.map((action, index) => {
			const queued: QueuedAction = {
				actionId: randomUUID(),
				sequence: this.nextSequence++,
				businessCode,
				caseId: action.case.caseId,
				invoiceNumber: action.case.invoiceNumber,
				code: action.code,
				comment: action.comment,
				data: action.data,
				status: 'PENDING',
				acceptedAt: new Date(now).toISOString(),
				dueAt,
				processedAt: null,
				failure: null,
			};
			this.actions.push(queued);
			return { index, code: action.code, status: 'PENDING' as const, actionId: queued.actionId };
		});
	}

	/** Every queued action, oldest first, optionally only those matching `filter` (status, case, code, client). */
	list(filter: Partial<Pick<QueuedAction, 'status' | 'caseId' | 'code' | 'businessCode'>> = {}): QueuedAction[] {
		return this.actions.filter((a) => Object.entries(filter).every(([key, value]) => value === undefined || a[key as keyof QueuedAction] === value));
	}

	/**
	 * Applies every PENDING action that is due by the sandbox clock, unless processing is paused. Per case, an action
	 * waits for every earlier action of its case (so a later, shorter delay never overtakes). Returns those applied.
	 */
	processDue(): QueuedAction[] {
		if (this.state.settings.actionsPaused) return [];
		const now = this.clock.now();
		const waiting = new Set<number>();
		const done: QueuedAction[] = [];
		for (const action of this.actions) {
			if (action.status !== 'PENDING' || waiting.has(action.caseId)) continue;
			if (Date.parse(action.dueAt) > now) {
				waiting.add(action.caseId);
				continue;
			}
			done.push(this.apply(action));
		}
		return done;
	}

	/**
	 * Applies PENDING actions now, due or not and even while paused, oldest first: only those of `caseId` when given,
	 * at most `count` when given. Order per case is kept (an action is only applied after every earlier one of its
	 * case). Returns those applied.
	 */
	flush({ count, caseId }: { count?: number; caseId?: number } = {}): QueuedAction[] {
		const done: QueuedAction[] = [];
		for (const action of this.actions) {
			if (count !== undefined && done.length >= count) break;
			if (action.status !== 'PENDING' || (caseId !== undefined && action.caseId !== caseId)) continue;
			done.push(this.apply(action));
		}
		return done;
	}

	/**
	 * Applies one action to its case (§7.3 [SIM]): PAUSE → PAUSED, WITHDRAW → WITHDRAWN (closed), DUEDATE moves the
	 * case due date, DIRECTPAYMENT registers the payment (its `paymentDate`, `reference`; amount in currency units),
	 * the other codes add an event. A case that no longer takes actions drops it (FAILED, with the reason, seen only
	 * by the control: the client has no endpoint for it).
	 */
	private apply(action: QueuedAction): QueuedAction {
		const book = this.state.bookOf(action.businessCode);
		const c = book.cases.get(action.caseId);
		action.processedAt = this.state.clock.iso();
		if (!c || CLOSED_CASE_STATUSES.includes(c.status)) {
			action.status = 'FAILED';
			action.failure = `case ${action.caseId} is ${c?.status ?? 'gone'}; the action was not applied`;
			return action;
		}
		const data = action.data;
		switch (action.code) {
			case 'PAUSE':
				this.state.setCaseStatus(c, 'PAUSED', action.comment || 'Proceedings paused by the creditor');
				break;
			case 'WITHDRAW':
				this.state.setCaseStatus(c, 'WITHDRAWN', action.comment || 'Case withdrawn by the creditor');
				break;
			case 'DUEDATE':
				c.dueDate = String(data.dueDate);
				c.events.push({ date: this.state.clock.iso(), type: 'DUEDATE', description: `Case due date moved to ${c.dueDate}` });
				break;
			case 'DIRECTPAYMENT':
				this.state.registerPayment(book, c, cents(Number(data.amount)), String(data.paymentDate), '', String(data.reference ?? ''), 'DIRECT');
				break;
			default:
				c.events.push({ date: this.state.clock.iso(), type: action.code, description: action.comment });
		}
		action.status = 'PROCESSED';
		return action;
	}
}
