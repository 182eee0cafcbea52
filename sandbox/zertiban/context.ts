/**
 * What the Zertiban sandbox's route modules share: the state, the authentication check, and the switchable
 * [SIM] settings (sandbox amount cap, response drop for the safe-create tests).
 */
import type { FastifyRequest } from 'fastify';
import type { ZertibanState } from './state';

/** Switchable simulator settings, restored to their start values by `POST /__sandbox/reset`. */
export interface ZertibanSettings {
	/** largest accepted `payment.amount` in cents on create (zertiban.md §2 [SIM]); `null` = no cap. Default 100 */
	amountCapCents: number | null;
	/** how many of the next successful flow creates are stored but not answered properly */
	dropNextCreates: number;
	/** how those creates are answered: `none` destroys the connection; `html` sends 201 with an HTML page (not JSON) */
	dropAnswer: 'none' | 'html';
}

/** Handed to every route module of the Zertiban sandbox. */
export interface ZertibanContext {
	state: ZertibanState;
	settings: ZertibanSettings;
	/** checks bearer token and `x-tenant-id` (401 → 400 → 403); returns the tenant uuid, lower case */
	authenticate(request: FastifyRequest): string;
}

/** `http://host:port` the client used to reach the sandbox (for payer URLs). */
export function originOf(request: FastifyRequest): string {
	return `${request.protocol}://${request.host}`;
}
