/**
 * End to end in REAL n8n (CONTRIBUTING.md, "Tests"): `scripts/demo.sh --once [--queue]` installs/uses the pinned n8n (scripts/runtime.sh;
 * with N8N_COMPAT=1, n8n 1.x, where the queue-mode case is not run),
 * starts the sandbox, loads this package as a community package, imports the example workflow and its credentials
 * and runs it with `n8n execute`. These tests read what the demo printed and the raw result it wrote (--json).
 *
 * Needs a current `dist/` (scripts/test.sh and scripts/e2e.sh build first). The first run on a machine installs
 * n8n (about 2-3 min): `beforeAll` does that install with its own timeout, so each test's timeout covers one run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
	CFIS_CLIENT_TOKEN,
	CFIS_PARTNER_TOKEN,
	ZERTIBAN_CLIENT_SECRET,
	ZERTIBAN_WEBHOOK_SECRET,
} from '../../sandbox/seed';
import type { LifecycleStoryResult, QueueStoryResult, StoryResult } from '../../scripts/demo';
import { COMPAT, ensureRuntime } from '../../scripts/n8n';
import { RECORD_NEEDS_N8N_2 } from '../../scripts/record';
import { itNeedsRecord } from '../helpers/n8n';

const REPO = resolve(__dirname, '..', '..');
const SANDBOX_SECRETS = [ZERTIBAN_CLIENT_SECRET, ZERTIBAN_WEBHOOK_SECRET, CFIS_PARTNER_TOKEN, CFIS_CLIENT_TOKEN];
const STORY_ID = 'zcOnboardClient01';

interface DemoRun {
	code: number | null;
	stdout: string;
	stderr: string;
	stories: StoryResult[];
	/** Runs started by a trigger during the demo (the invoice-to-payment story's part 2). */
	triggered: StoryResult[];
	/** The demo's n8n user folder (it must be gone after the run). */
	userFolder?: string;
	/** With --queue: the ERP story in queue mode. */
	queue?: QueueStoryResult;
	/** The lifecycle branches walked after the happy path (expired link, paid elsewhere). */
	lifecycle?: LifecycleStoryResult;
}

const running = new Set<number>();
let tmp: string;

/** A cold install of n8n (first run on a machine) takes 2-3 minutes; the limit leaves room for a slow registry. */
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;
/** One `demo --once` run with n8n installed takes about 40-60 s (five stories, then n8n start for the webhook story). */
const RUN_TIMEOUT_MS = 5 * 60 * 1000;

beforeAll(async () => {
	if (!existsSync(join(REPO, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first (scripts/e2e.sh does)');
	tmp = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
	await ensureRuntime(() => undefined, false, { queue: !COMPAT });
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
	for (const pid of running) {
		try {
			process.kill(-pid, 'SIGKILL'); // a demo still running after a failed assertion or timeout
		} catch {
			// gone
		}
	}
	rmSync(tmp, { recursive: true, force: true });
});

/** Runs `bash scripts/demo.sh --once --no-build --json <file> [...extra]` to its end (the demo bounds its own waits). */
function runDemo(name: string, env: Record<string, string> = {}, extra: string[] = []): Promise<DemoRun> {
	const jsonFile = join(tmp, `${name}.json`);
	return new Promise((done, fail) => {
		const child = spawn('bash', ['scripts/demo.sh', '--once', '--no-build', '--json', jsonFile, ...extra], {
			cwd: REPO,
			env: { ...process.env, ...env },
			detached: true, // its own process group, so afterAll can stop the demo and everything it started
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (child.pid) running.add(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', fail);
		child.once('close', (code) => {
			if (child.pid) running.delete(child.pid);
			const { stories = [], triggered = [], queue, lifecycle } = existsSync(jsonFile)
				? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { stories?: StoryResult[]; triggered?: StoryResult[]; queue?: QueueStoryResult; lifecycle?: LifecycleStoryResult })
				: {};
			const userFolder = /n8n user folder: (\S+)/.exec(stderr)?.[1];
			done({ code, stdout, stderr, stories, triggered, queue, lifecycle, userFolder: userFolder && join(REPO, userFolder) });
		});
	});
}

const storyOf = (run: DemoRun, id = STORY_ID) => {
	const story = run.stories.find((candidate) => candidate.workflowId === id);
	if (!story) throw new Error(`no result for ${id}; demo exited ${run.code}\n${run.stderr}\n${run.stdout}`);
	return story;
};

/** The demo run without faults, shared by the tests that read its stories (one real-n8n run, not one per test). */
let successRun: Promise<DemoRun> | undefined;
const runSuccess = () => (successRun ??= runDemo('success'));

/** The example `examples/invoice-pdf-to-payment-link.json`. */
const INVOICE_STORY_ID = 'zcInvoiceToLink01';

describe('npm run demo -- --once (real n8n + the sandbox)', () => {
	it('onboards a Confirma Finance client, validates its new token and reads the Zertiban seed operation', async () => {
		const run = await runSuccess();
		const story = storyOf(run);
		expect({ code: run.code, status: story.status, error: story.error }).toEqual({ code: 0, status: 'success', error: undefined });
		// The n8n this run means (npm run test:compat: 1.x, with the package installed from its tarball).
		expect(run.stderr).toMatch(COMPAT ? /runtime ready in .*: n8n 1\.123\./ : /runtime ready in .*: n8n 2\./);
		if (process.env.N8N_PACKAGE_TARBALL) expect(run.stderr).toContain(`(package installed from ${process.env.N8N_PACKAGE_TARBALL})`);

		const [created, ...moreCreated] = story.outputs['Create Client'];
		expect(moreCreated).toEqual([]);
		expect(created.clientId).toEqual(expect.stringMatching(/\S/));
		expect(created.accessToken).toEqual(expect.stringMatching(/\S/));
		expect(created.accessToken).not.toBe(CFIS_CLIENT_TOKEN); // the new client's own token

		expect(story.outputs['Validate New Token']).toEqual([expect.objectContaining({ isValid: true })]);

		expect(story.outputs['Get Operation']).toHaveLength(1);
		expect(story.outputs['Get Operation'][0]).toMatchObject({
			uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
			status: 'CREATED',
			externalId: 'EXT-99',
			payment: { amount: 176483, currency: 'EUR' },
		});

		// The summary comes from n8n's own execution record, run by the n8n CLI.
		expect(story.result?.status).toBe('success');
		expect(story.result?.data?.resultData?.runData?.['Get Operation']?.[0]?.data?.main?.[0]?.[0]?.json).toEqual(
			story.outputs['Get Operation'][0],
		);
		expect(run.stdout).toContain('SUCCESS');
		expect(run.stdout).toContain('"externalId": "EXT-99"');

		const everything = run.stdout + run.stderr + JSON.stringify(run.stories);
		for (const secret of SANDBOX_SECRETS) expect(everything).not.toContain(secret);
		expect(run.userFolder && existsSync(run.userFolder)).toBe(false);
	}, RUN_TIMEOUT_MS);

	it('walks part 1 of the invoice-to-payment story: the invoice and its payment link', async () => {
		const run = await runSuccess();
		const story = storyOf(run, 'zcInvoiceToPay01');
		expect({ status: story.status, error: story.error }).toEqual({ status: 'success', error: undefined });
		const [invoice] = story.outputs['Create Invoice'];
		expect(invoice).toMatchObject({ status: 'INVOICED', totalAmount: 0.99 });
		expect(story.outputs['Create Payment Link']).toEqual([expect.objectContaining({ externalId: `COLL-${String(invoice.invoiceNumber)}` })]);
		expect(run.stdout).toContain('Story: Invoice to payment (1/2)');
		// On n8n 1.x the demo says why it does not pay the link (part 2 reports through the payment record).
		if (COMPAT) expect(run.stderr).toContain(RECORD_NEEDS_N8N_2);
		if (COMPAT) expect(run.triggered).toEqual([]);
	}, RUN_TIMEOUT_MS);

	itNeedsRecord('walks part 2: the demo pays the link, the webhook runs part 2 once and it reports the payment', async () => {
		const run = await runSuccess();
		const [invoice] = storyOf(run, 'zcInvoiceToPay01').outputs['Create Invoice'];
		expect(run.triggered).toHaveLength(1);
		const [paid] = run.triggered;
		expect(paid).toMatchObject({ workflowId: 'zcPaidToInvoice01', status: 'success' });
		expect(paid.outputs['Payment Completed']).toEqual([
			expect.objectContaining({
				eventType: 'OPERATION_COMPLETED',
				operation: expect.objectContaining({ externalId: `INV-${String(invoice.invoiceNumber)}`, payment: expect.objectContaining({ amount: 99 }) }),
			}),
		]);
		// Confirma Finance queues the Direct Payment and applies it later (docs/cfis.md §4.5): its answer says PENDING.
		expect(paid.outputs['Report Direct Payment']).toEqual([
			expect.objectContaining({ outcome: 'reported', reportedNow: true, state: 'sent', actions: [{ index: 0, code: 'DIRECTPAYMENT', status: 'PENDING', actionId: expect.any(String) }] }),
		]);
		// Once: Zertiban's event reached the trigger twice (the demo turns the duplicate switch on); the trigger
		// decides before it answers, and only the first answer says an execution starts. Every other delivery
		// (other event types) was ignored, and after all were answered part 2 had exactly one execution.
		const answers = (paid.deliveries ?? []).map((d) => ({ eventType: d.eventType, eventUuid: d.eventUuid, status: d.status, answer: JSON.parse(d.body ?? 'null') as unknown }));
		const payment = answers.filter((d) => d.eventType === 'OPERATION_COMPLETED');
		expect(payment).toEqual([
			{ eventType: 'OPERATION_COMPLETED', eventUuid: payment[0]?.eventUuid, status: 200, answer: { received: true } },
			{ eventType: 'OPERATION_COMPLETED', eventUuid: payment[0]?.eventUuid, status: 200, answer: { received: true, duplicate: true } },
		]);
		expect(answers.filter((d) => d.eventType !== 'OPERATION_COMPLETED')).toEqual(
			answers.filter((d) => d.eventType !== 'OPERATION_COMPLETED').map(() => expect.objectContaining({ status: 200, answer: expect.objectContaining({ ignored: expect.any(String) }) })),
		);
		expect(paid.executions).toBe(1);
		expect(run.stdout).toContain('Story: Invoice to payment (2/2)');
		expect(run.stdout).toContain('SUCCESS in');
		const everything = JSON.stringify(run.triggered);
		for (const secret of SANDBOX_SECRETS) expect(everything).not.toContain(secret);
	}, RUN_TIMEOUT_MS);

	// --once walks the lifecycle after part 2's report, and its closing template holds Report Payment.
	itNeedsRecord('then walks the expired-link and paid-elsewhere branches: a new link is sent to the ERP (LINK_RENEWED) and answered to its repeated event, the link of the invoice paid elsewhere is cancelled', async () => {
		const { lifecycle, stdout } = await runSuccess();
		expect(lifecycle?.expired).toEqual({
			invoiceNumber: expect.any(Number),
			operationStatus: 'EXPIRED',
			callback: expect.objectContaining({ invoiceNumber: lifecycle?.expired.invoiceNumber, status: 'LINK_RENEWED', endedStatus: 'LINK_EXPIRED', linkNumber: 2, paymentLink: expect.stringMatching(/^https?:\/\//) }),
			answerAgain: { status: 200, paymentLink: lifecycle?.expired.callback.paymentLink, created: false },
		});
		expect(lifecycle?.paidElsewhere).toEqual({
			invoiceNumber: expect.any(Number),
			status: 200,
			answer: expect.objectContaining({ status: 'LINK_CLOSED', linkStatus: 'CANCELLED', linkCancelled: true }),
			operationStatus: 'CANCELLED',
		});
		expect(stdout).toContain("Story: the invoice's whole life");
	}, RUN_TIMEOUT_MS);

	it('turns an invoice PDF and an amount into a payment link: Flow Create with the PDF, then Operation Get', async () => {
		const run = await runSuccess();
		const story = storyOf(run, INVOICE_STORY_ID);
		expect({ status: story.status, error: story.error }).toEqual({ status: 'success', error: undefined });

		const [flow, ...moreFlows] = story.outputs['Create Payment Link'];
		expect(moreFlows).toEqual([]);
		expect(flow).toMatchObject({ externalId: 'COLL-2026-0042', operations: [{ id: 'op-1', externalId: 'INV-2026-0042' }] });
		const link = (flow.operations as Array<{ uuid: string; url: string }>)[0];
		expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/link-validator\/v1\/links\/[\w-]+$/);

		expect(story.outputs['Get Operation']).toEqual([
			expect.objectContaining({
				uuid: link.uuid,
				flowUuid: flow.uuid,
				status: 'CREATED',
				expirationOffset: 'P14D',
				payment: expect.objectContaining({
					amount: 99,
					currency: 'EUR',
					concept: 'Invoice 2026-0042',
					subject: { name: 'Marta', lastName: 'Ruiz', email: 'marta@example.org' },
					// the PDF made inside the workflow (Set → Convert to File) reached Zertiban as a document
					documents: [expect.objectContaining({ name: 'invoice-2026-0042.pdf', type: 'INVOICE' })],
				}),
			}),
		]);
		const linkOut = story.result?.data?.resultData?.runData?.['Payment Link']?.[0]?.data?.main?.[0]?.[0]?.json;
		expect(linkOut).toEqual({
			invoiceNumber: '2026-0042',
			paymentLink: link.url,
			operationUuid: link.uuid,
			status: 'CREATED',
			amountCents: 99,
			expiresAt: expect.stringMatching(/Z$/),
			invoicePdf: 'invoice-2026-0042.pdf',
		});
		expect(run.stdout).toContain('Turn an invoice PDF and an amount into a Zertiban payment link');
	}, RUN_TIMEOUT_MS);

	it('exits 1 and names the failing node when Zertiban refuses the client secret, without printing it', async () => {
		const wrongSecret = 'not-the-sandbox-secret-0d1e';
		const run = await runDemo('wrong-secret', { DEMO_ZERTIBAN_CLIENT_SECRET: wrongSecret });
		const story = storyOf(run);
		expect({ code: run.code, status: story.status, node: story.error?.node }).toEqual({ code: 1, status: 'error', node: 'Get Operation' });
		expect(story.error?.message).toContain('401');
		expect(story.outputs['Validate New Token']).toEqual([expect.objectContaining({ isValid: true })]);
		expect(story.outputs['Get Operation']).toBeUndefined();
		expect(run.stdout).toContain('FAILED');
		expect(run.stdout).toContain(`Get Operation: ${story.error?.message}`);

		const everything = run.stdout + run.stderr + JSON.stringify(run.stories);
		for (const secret of [...SANDBOX_SECRETS, wrongSecret]) expect(everything).not.toContain(secret);
		expect(run.userFolder && existsSync(run.userFolder)).toBe(false);
	}, RUN_TIMEOUT_MS);

	// Queue mode is n8n 2.41's (scripts/queue.ts); the compatibility run covers one n8n process.
	(COMPAT ? it.skip : it)('--queue: walks the ERP story in queue mode (ERP event in, link out, paid, ERP called back, retry gets the same link) and says which worker ran what', async () => {
		const run = await runDemo('queue', {}, ['--queue']);
		const story = run.queue;
		expect({ code: run.code, status: story?.status, error: story?.error }).toEqual({ code: 0, status: 'success', error: undefined });
		const [first, retry] = story!.answers;
		expect(first).toMatchObject({ created: true, amountCents: 99, paymentLink: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/link-validator\//) });
		expect(retry).toEqual({ ...first, created: false });
		expect(story!.callbacks.map((c) => c.body)).toEqual([expect.objectContaining({ invoiceNumber: first.invoiceNumber, status: 'PAID', amount: 0.99 })]);
		const executions = Object.values(story!.executions).flat();
		expect(executions.map(({ status, ranOn }) => ({ status, ranOn }))).toEqual(executions.map(() => ({ status: 'success', ranOn: expect.stringMatching(/^worker-\d$/) })));
		// part 1 twice (event, retry), part 2 once; part 2's sweep (a Schedule Trigger every 5 minutes on the clock) also
		// runs when the demo crosses such a minute, checked above like every other execution
		expect(executions.filter(({ mode }) => mode === 'webhook')).toHaveLength(3);
		expect(executions.filter(({ mode }) => mode !== 'webhook').map(({ mode, queuedBy }) => ({ mode, queuedBy }))).toEqual(executions.filter(({ mode }) => mode !== 'webhook').map(() => ({ mode: 'trigger', queuedBy: 'main' })));
		expect(story!.processes.map(({ name }) => name)).toEqual(['main', 'worker-1', 'worker-2', 'webhook-1']);
		expect(run.stdout).toContain('Which process ran what:');
		const everything = run.stdout + run.stderr + JSON.stringify(story);
		for (const secret of SANDBOX_SECRETS) expect(everything).not.toContain(secret);
		expect(run.userFolder && existsSync(run.userFolder)).toBe(false);
	}, RUN_TIMEOUT_MS);
});
