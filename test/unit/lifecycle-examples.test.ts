/**
 * The lifecycle templates in examples/ are what scripts/lifecycle/ makes (no hand-kept copies), and each has the
 * parts the ERP relies on (README.md, "The invoice's whole life").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FIND_ENTRY, LINKS_LOOKED_UP, LINK_EXTERNAL_ID, TELL_THE_ERP, linkExternalIds } from '../../scripts/lifecycle/blocks';
import { RENEWAL_DEFAULTS, SETTINGS } from '../../scripts/lifecycle/renewal';
import { AGENCY_PAYMENT, INVOICE_CLOSED, LIFECYCLE_TEMPLATES, LINK_ENDED, RECONCILIATION, SETTLEMENT_BOOKING } from '../../scripts/lifecycle/templates';
import { exampleText } from '../../scripts/lifecycle/write';

const REPO = join(__dirname, '../..');

describe('lifecycle templates', () => {
	it.each(Object.keys(LIFECYCLE_TEMPLATES))('examples/%s is the generator\'s output (npm run examples:lifecycle)', (file) => {
		expect(readFileSync(join(REPO, 'examples', file), 'utf8')).toBe(exampleText(LIFECYCLE_TEMPLATES[file]()));
	});

	it.each(Object.keys(LIFECYCLE_TEMPLATES))('%s has one ERP callback node, every link between existing nodes, unique node ids', (file) => {
		const workflow = LIFECYCLE_TEMPLATES[file]();
		expect(workflow.nodes.filter((node) => node.name === TELL_THE_ERP)).toHaveLength(1);
		const names = new Set(workflow.nodes.map((node) => node.name));
		expect(names.size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});
});

describe('link-ended template: a new payment link after an expiry', () => {
	const workflow = LIFECYCLE_TEMPLATES[LINK_ENDED.file]();
	const byName = (name: string) => workflow.nodes.find((node) => node.name === name);
	const targets = (from: string, output = 0) => (workflow.connections[from]?.main[output] ?? []).map((link) => link.node);

	it('has a Settings node right after the filter, new links on and at most 3 links per invoice by default', () => {
		expect(targets('For One Of Our Invoices')).toEqual([SETTINGS]);
		const fields = (byName(SETTINGS)?.parameters.assignments as { assignments: Array<{ name: string; value: string; type: string }> }).assignments;
		expect(fields.map(({ name, value, type }) => [name, value, type])).toEqual([
			['sendNewPaymentLink', '={{ true }}', 'boolean'],
			['maxLinksPerInvoice', '={{ 3 }}', 'number'],
		]);
		expect(RENEWAL_DEFAULTS).toEqual({ sendNewPaymentLink: true, maxLinksPerInvoice: 3 });
	});

	it('lets part 1\'s first and renewed links through (INV-<number>, INV-<number>-<link number>), as part 2 does', () => {
		const regex = new RegExp(LINK_EXTERNAL_ID);
		expect(['INV-20260042', 'INV-20260042-2', 'INV-7-13'].map((id) => regex.exec(id)?.slice(1))).toEqual([['20260042', undefined], ['20260042', '2'], ['7', '13']]);
		expect(['INV-', 'INV-1-', 'INV-1-2-3', 'XINV-1', 'INV-a', 'COLL-1'].some((id) => regex.test(id))).toBe(false);
		const part2 = JSON.parse(readFileSync(join(REPO, 'examples', 'payment-to-invoice-paid.json'), 'utf8')) as { nodes: Array<{ name: string; parameters: { conditions?: { conditions: Array<{ rightValue: string }> } } }> };
		const filter = part2.nodes.find((node) => node.name === 'For One Of Our Invoices');
		expect(filter?.parameters.conditions?.conditions[0].rightValue).toBe(LINK_EXTERNAL_ID);
	});

	it('claims before it creates, cancels stranded links before the create, and sends a new link only once recorded', () => {
		expect(targets('New Link?', 0)).toEqual(['Claim The Renewal']);
		expect(targets('New Link?', 1)).toEqual(['Link Ended']);
		expect(targets('Claimed?', 0)).toEqual(['Find Stranded Links']);
		expect(targets('Taken Over?', 0)).toEqual(['Find Stranded Links']);
		expect(targets('Stranded Link?', 0)).toEqual(['Cancel Stranded Link']);
		expect(targets('Cancel Stranded Link')).toEqual(['Create The New Link']);
		expect(byName('Create The New Link')?.parameters.ifLinkExists).toBe('createAnother');
		expect(byName('Create The New Link')?.executeOnce).toBe(true);
		expect(targets('Record The New Link')).toEqual(['New Link Recorded?']);
		expect(targets('New Link Recorded?', 1)).toEqual(['Cancel Unrecorded Link']);
		expect(targets('Link Renewed')).toEqual([TELL_THE_ERP]);
		expect(targets('Link Ended')).toEqual([TELL_THE_ERP]);
	});
});

describe('the find block: every link of an invoice (docs/lifecycle.md, "Every link of an invoice")', () => {
	it('looks up the first link and every renewed one up to the bound, which covers the renewal maximum', () => {
		const expression = linkExternalIds('invoiceNumber').replace(/^=\{\{/, '').replace(/\}\}$/, '');
		const ids = new Function('invoiceNumber', `return ${expression}`)(20260042) as string[];
		expect(ids).toEqual(['INV-20260042', 'INV-20260042-2', 'INV-20260042-3', 'INV-20260042-4', 'INV-20260042-5']);
		expect(ids).toHaveLength(LINKS_LOOKED_UP);
		expect(ids.every((id) => new RegExp(LINK_EXTERNAL_ID).test(id))).toBe(true);
		expect(LINKS_LOOKED_UP).toBeGreaterThanOrEqual(RENEWAL_DEFAULTS.maxLinksPerInvoice);
	});

	it.each([INVOICE_CLOSED.file, AGENCY_PAYMENT.file, SETTLEMENT_BOOKING.file, RECONCILIATION.file])('%s finds links through the shared block only', (file) => {
		const workflow = LIFECYCLE_TEMPLATES[file]();
		expect(workflow.nodes.filter((node) => node.name === FIND_ENTRY)).toHaveLength(1);
		const lookUps = workflow.nodes.filter((node) => node.parameters.operation === 'getMany');
		expect(lookUps.map((node) => [node.name, (node.parameters.filters as { externalId: string }).externalId])).toEqual([['Look Up The Links', '={{ $json.externalIds }}']]);
	});
});
