/**
 * Webhook signatures of docs/zertiban.md §11.5: the node's verification (nodes/Zertiban/webhook/signature.ts) and the
 * sandbox's signing (sandbox/webhooks.ts) are separate implementations; both must reproduce the published vector.
 */
import { canonicalJson, checkSignature, zertibanSignature } from '../../nodes/Zertiban/webhook/signature';
import { signWebhook } from '../../sandbox/webhooks';

const SECRET = 'whsec_test_0123456789abcdef';
const TIMESTAMP = '1775035200000';
const BODY = {
	eventUuid: 'b3b3b3b3-0000-0000-0000-000000000003',
	timestamp: '2026-04-01T09:20:00Z',
	eventType: 'OPERATION_COMPLETED',
	metadata: { apiVersion: 'v1', organizationUuid: '11111111-2222-3333-4444-555555555555' },
	resource: { uuid: 'b7aa09fe-5678-1234-90ab-cdef98765432', externalId: 'OP-2026-001', status: 'COMPLETED' },
};
const NORMALISED =
	'{"eventType":"OPERATION_COMPLETED","eventUuid":"b3b3b3b3-0000-0000-0000-000000000003","metadata":{"apiVersion":"v1","organizationUuid":"11111111-2222-3333-4444-555555555555"},"resource":{"externalId":"OP-2026-001","status":"COMPLETED","uuid":"b7aa09fe-5678-1234-90ab-cdef98765432"},"timestamp":"2026-04-01T09:20:00Z"}';
const SIGNATURE = 'NDMxYzg5YTYwN2U1YTk2ZjEzYTJmYWUzNzY2YzUzYWE2YTk2MjJmNjY4YWY0NDE3Mzg5YjA5MDAzYzM0MTQzYQ==';
const NOW = 1775035200000;

const check = (overrides: Partial<Parameters<typeof checkSignature>[0]> = {}) =>
	checkSignature({ body: BODY, signature: SIGNATURE, timestamp: TIMESTAMP, secret: SECRET, now: NOW, replayWindowMs: 300_000, ...overrides });

describe('§11.5 test vector', () => {
	it('normalises the body with recursively sorted keys, compact', () => {
		expect(canonicalJson(BODY)).toBe(NORMALISED);
	});

	it('node and sandbox both compute the published signature (hex 431c89a6…)', () => {
		expect(Buffer.from(SIGNATURE, 'base64').toString()).toBe('431c89a607e5a96f13a2fae3766c53aa6a9622f668af4417389b09003c34143a');
		expect(zertibanSignature(BODY, TIMESTAMP, SECRET)).toBe(SIGNATURE);
		expect(signWebhook(BODY, TIMESTAMP, SECRET)).toBe(SIGNATURE);
		expect(SIGNATURE).toHaveLength(88);
	});

	it('gives the same signature for the same payload in another key order', () => {
		const reordered = { resource: { status: 'COMPLETED', externalId: 'OP-2026-001', uuid: BODY.resource.uuid }, metadata: BODY.metadata, eventType: BODY.eventType, timestamp: BODY.timestamp, eventUuid: BODY.eventUuid };
		expect(zertibanSignature(reordered, TIMESTAMP, SECRET)).toBe(SIGNATURE);
		expect(check({ body: reordered })).toBeUndefined();
	});

	it('keeps array order and nests arrays of objects sorted', () => {
		const value = { b: [{ z: 1, a: [3, 1] }, null], a: 'x' };
		expect(canonicalJson(value)).toBe('{"a":"x","b":[{"a":[3,1],"z":1},null]}');
		expect(canonicalJson(value)).toBe(JSON.stringify(JSON.parse(canonicalJson(value))));
		expect(zertibanSignature(value, '1', 's')).toBe(signWebhook(value, '1', 's'));
	});
});

describe('checkSignature', () => {
	it('accepts the vector at its own time and within the replay window either side', () => {
		expect(check()).toBeUndefined();
		expect(check({ now: NOW + 300_000 })).toBeUndefined();
		expect(check({ now: NOW - 300_000 })).toBeUndefined();
	});

	it('refuses a tampered body (one field changed, one added, one nested value changed)', () => {
		expect(check({ body: { ...BODY, eventType: 'OPERATION_REJECTED' } })).toBe('signature mismatch');
		expect(check({ body: { ...BODY, extra: true } })).toBe('signature mismatch');
		expect(check({ body: { ...BODY, resource: { ...BODY.resource, status: 'OPENED' } } })).toBe('signature mismatch');
	});

	it('refuses a tampered timestamp, even inside the window', () => {
		expect(check({ timestamp: String(NOW + 1) })).toBe('signature mismatch');
	});

	it('refuses another secret and a signature of another secret', () => {
		expect(check({ secret: `${SECRET}x` })).toBe('signature mismatch');
		expect(check({ signature: zertibanSignature(BODY, TIMESTAMP, 'other') })).toBe('signature mismatch');
	});

	it('refuses a stale or future timestamp (replay window), unless the window is disabled', () => {
		expect(check({ now: NOW + 300_001 })).toBe('timestamp outside the replay window');
		expect(check({ now: NOW - 300_001 })).toBe('timestamp outside the replay window');
		expect(check({ now: NOW + 86_400_000, replayWindowMs: 0 })).toBeUndefined();
	});

	it('refuses missing, truncated and malformed headers, and an empty secret', () => {
		expect(check({ signature: undefined })).toBe('missing signature header');
		expect(check({ signature: '' })).toBe('missing signature header');
		expect(check({ timestamp: undefined })).toBe('missing timestamp header');
		expect(check({ timestamp: '2026-04-01T09:20:00Z' })).toBe('malformed timestamp header');
		expect(check({ signature: SIGNATURE.slice(0, 87) })).toBe('signature mismatch');
		expect(check({ signature: Buffer.from('431C89A607E5A96F13A2FAE3766C53AA6A9622F668AF4417389B09003C34143A').toString('base64') })).toBe('signature mismatch');
		expect(check({ secret: '' })).toBe('no webhook secret in the credential');
	});
});
