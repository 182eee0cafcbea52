import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { settle, type StatusHint } from '../../shared/errors';
import { sendWithPolicy } from '../../shared/request';
import { RECORD_COLUMNS, type RecordRow, type RecordStore, type RecordValues } from './ledger';

/**
 * The payment record's store: one n8n data table reached through n8n's public REST API (docs/n8n.md §2), the
 * one transport for that API. Every process of a queue-mode cluster reads and writes the same rows in n8n's
 * database. A conditional update (`PATCH …/rows/update` with a filter) is one `UPDATE … WHERE … RETURNING`
 * statement on PostgreSQL, so it is the compare-and-set the ledger builds on (docs/n8n.md §2.2).
 */

/** Requests to the n8n API give up after this long, ms: a record call never waits forever. */
const RECORD_TIMEOUT_MS = 30_000;

const HINTS: Partial<Record<number, StatusHint>> = {
	401: {
		message: 'n8n refused the API key of the payment record (401)',
		hint: 'Check the API key in the Payment Record API credential; create one under Settings → n8n API.',
	},
	403: {
		message: 'The n8n API key of the payment record lacks a scope (403)',
		hint: 'Give the key the scopes dataTable:list, dataTable:create, dataTableRow:read, dataTableRow:create and dataTableRow:update.',
	},
	404: {
		message: 'n8n has no such API path or data table (404)',
		hint: "The credential's n8n API URL must end in /api/v1 and point at the main process (n8n 2.x with data tables).",
	},
};

/**
 * What a 404 to `GET /data-tables`, the first call of every report, means: the n8n at the credential's URL serves no
 * data tables in its public API. No n8n 1.x release does (docs/n8n.md §2.2, checked on 1.123: its `/api/v1` answers
 * 404 for the path before it looks at the key), so Report Payment needs n8n 2.x; a URL that does not end in
 * `/api/v1` gets the same answer. Also the Payment Record API credential's test message for that 404.
 */
export const NO_DATA_TABLES_API: StatusHint = {
	message: 'This n8n has no data tables API (404): Report Payment needs n8n 2.x',
	hint: "n8n 1.x serves no data tables in its public API, so the payment record cannot be kept there: update n8n to 2.x. On n8n 2.x, the credential's n8n API URL must be the main process's URL ending in /api/v1.",
};

/** A column filter as the data-table API takes it (docs/n8n.md §2.2). */
interface Condition {
	columnName: string;
	condition: 'eq';
	value: string | number | null;
}

const equals = (values: Record<string, string | number | null | undefined>): Condition[] =>
	Object.entries(values)
		.filter(([, value]) => value !== undefined)
		.map(([columnName, value]) => ({ columnName, condition: 'eq', value: value as string | number | null }));

/**
 * A record table as this process found or made it: its id, and whether its `invoiceNumber` column is a number column
 * (a table made by an earlier version; docs/n8n.md §2.4).
 */
interface RecordTable {
	id: string;
	numericInvoiceNumber: boolean;
}

/** The tables this process found or made, by `<API URL>\n<table name>`: a table keeps its id and columns for its lifetime. */
const tableIds = new Map<string, Promise<RecordTable>>();

/**
 * `values` as the table stores them: the invoice number's digit string as it is in a text column; in the number
 * column of an earlier version's table, as a number when it is at most 2^53 − 1, else `null` (a number column would
 * keep a rounded value, and the column is for people only: the record finds rows by payment key and case).
 */
function storedValues<T extends Partial<RecordValues>>(values: T, table: RecordTable): IDataObject {
	const out = { ...values } as unknown as IDataObject;
	if (table.numericInvoiceNumber && typeof values.invoiceNumber === 'string') {
		const number = Number(values.invoiceNumber);
		out.invoiceNumber = Number.isSafeInteger(number) ? number : null;
	}
	return out;
}

/**
 * The payment record as an n8n data table named `tableName` (made on first use, with the ledger's columns) behind
 * the `paymentRecordApi` credential of `ctx`. Throws `NodeApiError` (no API key in it) when n8n refuses or cannot be
 * reached, and `Error` when a table of that name exists without the ledger's columns.
 */
export function dataTableStore(ctx: IExecuteFunctions, tableName: string, itemIndex: number): RecordStore {
	const call: Call = async (method, path, options = {}) => {
		const credentials = await ctx.getCredentials('paymentRecordApi');
		const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		return await sendWithPolicy(
			() => ctx.getNode(),
			async () =>
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'paymentRecordApi', {
					method,
					url: `${baseUrl}${path}`,
					qs: options.qs,
					body: options.body,
					json: true,
					timeout: RECORD_TIMEOUT_MS,
					headers: { Accept: 'application/json' },
				}),
			{ method, path, itemIndex, hints: { ...HINTS, ...options.hints }, idempotent: options.idempotent },
			{ api: 'n8n (payment record)', defaultHints: HINTS, secrets: [credentials.apiKey] },
		);
	};

	const table = async (): Promise<RecordTable> => {
		const credentials = await ctx.getCredentials('paymentRecordApi');
		const key = `${String(credentials.baseUrl)}\n${tableName}`;
		let id = tableIds.get(key);
		if (!id) {
			id = findOrCreateTable(call, tableName);
			tableIds.set(key, id);
			id.catch(() => tableIds.delete(key));
		}
		return await id;
	};

	const list = async (conditions: Condition[]): Promise<RecordRow[]> => {
		const { id } = await table();
		const rows: RecordRow[] = [];
		// A payment has a handful of rows (its own, voided rivals); a case a few more. 20 pages bound the read.
		for (let page = 0, cursor: string | undefined; page < 20; page++) {
			const answer = await call('GET', `/data-tables/${id}/rows`, {
				qs: { filter: JSON.stringify({ type: 'and', filters: conditions }), limit: 250, sortBy: 'id:asc', ...(cursor ? { cursor } : {}) },
			});
			rows.push(...((answer.data ?? []) as unknown as RecordRow[]).map(normalise));
			cursor = typeof answer.nextCursor === 'string' && answer.nextCursor ? answer.nextCursor : undefined;
			if (!cursor) return rows;
		}
		throw new Error(`the payment record ${tableName} holds more than 5000 rows for one filter; clean up its void rows`);
	};

	const byId = async (id: number) => (await list(equals({ id })))[0];

	return {
		byKey: async (paymentKey) => await list(equals({ paymentKey })),
		byCase: async (caseId) => await list(equals({ caseId })),
		async insert(values) {
			const found = await table();
			const id = found.id;
			// A retried insert whose first answer was lost leaves an orphan `pending` row, which claimants void as a
			// rival (ledger.ts): harmless, so inserts may be retried.
			const answer = (await call('POST', `/data-tables/${id}/rows`, { body: { data: [storedValues(values, found)], returnType: 'all' }, idempotent: true })) as unknown;
			const [row] = (Array.isArray(answer) ? answer : []) as RecordRow[];
			if (!row || typeof row.id !== 'number') throw new Error('n8n did not return the row it inserted into the payment record');
			return normalise(row);
		},
		async update(rowId, expect, set) {
			const found = await table();
			const id = found.id;
			const request = {
				body: { filter: { type: 'and', filters: equals({ id: rowId, ...expect }) }, data: storedValues(set, found), returnData: true },
			};
			for (let attempt = 1; ; attempt++) {
				const sent = await settle(async () => (await call('PATCH', `/data-tables/${id}/rows/update`, request)) as unknown);
				if (sent.ok) {
					const [row] = (Array.isArray(sent.value) ? sent.value : []) as RecordRow[];
					return row ? normalise(row) : undefined;
				}
				// The answer may be lost after the update was made: read the row to tell (never guess).
				const now = await settle(async () => await byId(rowId));
				const row = now.ok ? now.value : undefined;
				if (row && matches(row, set)) return row;
				// Moved on by someone else: our update did not win (or won and was superseded, which the ledger treats alike).
				if (row && !matches(row, expect)) return undefined;
				if (!row || attempt >= 3) throw sent.error;
			}
		},
	};
}

/** Whether `row` holds every value of `values`. */
function matches(row: RecordRow, values: Partial<RecordValues>): boolean {
	return Object.entries(values).every(([name, value]) => (row as unknown as IDataObject)[name] === value);
}

/**
 * A row as the ledger reads it: numbers as numbers, absent text as ''; the invoice number as its digit string (a
 * number from an earlier version's number column too), `null` when absent.
 */
function normalise(row: RecordRow): RecordRow {
	const out = { ...row } as unknown as IDataObject;
	for (const { name, type } of RECORD_COLUMNS) {
		const value = out[name];
		const absent = value === null || value === undefined || value === '';
		if (name === 'invoiceNumber') out[name] = absent ? null : String(value);
		else if (type === 'number') out[name] = absent ? null : Number(value);
		else out[name] = value === null || value === undefined ? '' : String(value);
	}
	out.id = Number(row.id);
	return out as unknown as RecordRow;
}

type Call = (
	method: IHttpRequestMethods,
	path: string,
	options?: { qs?: IDataObject; body?: IDataObject; idempotent?: boolean; hints?: Partial<Record<number, StatusHint>> },
) => Promise<IDataObject>;

/**
 * The id of the data table `name` visible to the API key, made with the ledger's columns when there is none. Two
 * processes making it at once: n8n keeps table names unique per project (docs/n8n.md §2.2), the loser gets 409 and
 * reads the winner's.
 */
async function findOrCreateTable(call: Call, name: string): Promise<RecordTable> {
	const find = async () => {
		const answer = await call('GET', '/data-tables', { qs: { filter: JSON.stringify({ name }), limit: 250 }, hints: { 404: NO_DATA_TABLES_API } });
		return ((answer.data ?? []) as IDataObject[]).find((table) => table.name === name);
	};
	let found = await find();
	if (!found) {
		const made = await settle(async () => await call('POST', '/data-tables', { body: { name, columns: RECORD_COLUMNS.map(({ name: column, type }) => ({ name: column, type })) } }));
		// Another process made it first (409, names are unique per project): use theirs.
		found = made.ok ? made.value : await find();
		if (!found) throw (made as { error: unknown }).error;
	}
	const columns = new Set(((found.columns ?? []) as IDataObject[]).map((column) => String(column.name)));
	const missing = RECORD_COLUMNS.filter(({ name: column }) => !columns.has(column)).map(({ name: column }) => column);
	if (missing.length > 0 && Array.isArray(found.columns)) {
		throw new Error(`the data table "${name}" is not a payment record (columns missing: ${missing.join(', ')}); choose another Record Table name`);
	}
	const invoiceColumn = ((found.columns ?? []) as IDataObject[]).find((column) => column.name === 'invoiceNumber');
	return { id: String(found.id), numericInvoiceNumber: invoiceColumn?.type === 'number' };
}
