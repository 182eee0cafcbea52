/** Zertiban Trigger event filter: every flow event the sandbox emits can be picked on its own. */
import { EVENT_TYPE_OPTIONS, eventTypeMatches } from '../../nodes/Zertiban/trigger/events';
import { FLOW_STATUSES } from '../../sandbox/zertiban/state';

describe('Zertiban Trigger events', () => {
	it('offers every FLOW_<status> the sandbox emits (a flow leaves CREATED, so FLOW_CREATED is never sent), PARTIALLY included', () => {
		const values = EVENT_TYPE_OPTIONS.map((o) => o.value);
		const emitted = FLOW_STATUSES.filter((s) => s !== 'CREATED').map((s) => `FLOW_${s}`);
		expect(emitted.filter((type) => !values.includes(type))).toEqual([]);
		expect(eventTypeMatches('FLOW_PARTIALLY', ['FLOW_PARTIALLY'])).toBe(true);
		expect(eventTypeMatches('FLOW_PARTIALLY', ['FLOW_COMPLETED'])).toBe(false);
	});
});
