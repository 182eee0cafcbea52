/**
 * The CFIS finance simulator (docs/cfis.md §4.4-§4.11, §7) as one piece for the CFIS app: its books
 * (./state.ts), the invoice-action queue (./actions.ts), the invoice and money routes (./routes.ts), accounting and Finvoice (./accounting.ts) and the
 * test controls (./controls.ts). Paths, codes and checks come from the contract (./contract.ts, ./checks.ts),
 * never from the nodes, so the sandbox can disagree with a node.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../clock';
import { registerAccountingRoutes } from './accounting';
import { ActionQueue } from './actions';
import { registerFinanceControls } from './controls';
import { registerFinanceRoutes } from './routes';
import { CfisFinanceState, type CfisSettings } from './state';

/** The finance part of the CFIS app: its state, a reset, and the routes it adds. */
export interface CfisFinance {
	/** back to the seed (the seeded client gets the seed finance, dated relative to the clock), the default settings, no queued action */
	reset(): void;
	/** the simulator's behaviour switches (read by `POST /client` for the check-digit strictness) */
	settings(): CfisSettings;
	/** applies every invoice action that is due (run before every request and reply of the CFIS app) */
	processDue(): void;
	/** gives a newly onboarded client an empty book */
	addClient(businessCode: string, serviceType: string): void;
	/** registers the API routes on a scope prefixed with the base path; `clientOf` authenticates a client token */
	registerApi(api: FastifyInstance, clientOf: (request: FastifyRequest) => string): void;
	/** registers the `/__sandbox/cfis/…` controls on the root app */
	registerControls(app: FastifyInstance): void;
}

/** Creates the finance simulator bound to `clock`; `seedClient` is the business ID that gets the seed. */
export function createCfisFinance(clock: SandboxClock, seedClient: string): CfisFinance {
	const state = new CfisFinanceState(clock, seedClient);
	const queue = new ActionQueue(clock, state);
	return {
		reset: () => {
			state.reset();
			queue.clear();
		},
		settings: () => state.settings,
		processDue: () => void queue.processDue(),
		addClient: (businessCode, serviceType) => state.addClient(businessCode, serviceType),
		registerApi(api, clientOf) {
			registerFinanceRoutes(api, state, queue, clientOf);
			registerAccountingRoutes(api, state, clientOf);
		},
		registerControls: (app) => registerFinanceControls(app, state, queue),
	};
}
