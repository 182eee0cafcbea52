/**
 * The Zertiban sandbox's event bus: the state machine (sandbox/zertiban.ts) emits one event per status change,
 * the webhook dispatcher subscribes and delivers them (zertiban.md §11). In-process only, synchronous, never
 * throws into the emitter (a failing listener is isolated).
 */

/**
 * One event as zertiban.md §11.3/§11.4 describe it, before the envelope is added: `eventType` such as
 * `OPERATION_COMPLETED` or `FLOW_IN_PROGRESS`, and the `resource` (operation or flow: at least `uuid`,
 * `externalId`, `status`). `at` is the sandbox-clock time of the change, epoch milliseconds.
 * [SIM] per transition the operation event is emitted first, then the flow event if the flow status changed.
 */
export interface ZertibanEvent {
	eventType: string;
	resource: { uuid: string; externalId?: string; status: string; [field: string]: unknown };
	at: number;
}

/** Listener of {@link ZertibanEventBus}; called synchronously, in emission order. */
export type ZertibanEventListener = (event: ZertibanEvent) => void;

/** Publish/subscribe for {@link ZertibanEvent}s of one sandbox. */
export interface ZertibanEventBus {
	emit(event: ZertibanEvent): void;
	/** adds a listener; returns the function that removes it */
	on(listener: ZertibanEventListener): () => void;
}

/** Creates an empty bus. A listener that throws does not stop the others nor the emitter. */
export function createEventBus(): ZertibanEventBus {
	const listeners = new Set<ZertibanEventListener>();
	return {
		emit(event) {
			for (const listener of listeners) {
				try {
					listener(event);
				} catch {
					// a broken subscriber must not break the simulated API
				}
			}
		},
		on(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
