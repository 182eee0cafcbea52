/**
 * A double of the part of n8n's public REST API the payment record uses (docs/n8n.md §2): data tables and their rows
 * under `/api/v1`, with an API key in `X-N8N-API-KEY`. Written from n8n 2.41's handlers and `openapi.yml`, not from
 * the node: list/create tables (409 on a name taken), list rows with an `and` filter of `eq` conditions, insert rows
 * (`returnType: 'all'`), and the conditional update (`PATCH …/rows/update` with `returnData`), which is atomic here as
 * one `UPDATE … WHERE … RETURNING` is in PostgreSQL. For the in-process workflow tests; the e2e tests use real n8n.
 */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';

type Value = string | number | boolean | null;
type Row = Record<string, Value> & { id: number };
interface Filter {
	type?: 'and' | 'or';
	filters?: Array<{ columnName: string; condition?: string; value: Value }>;
}

/** The running double: its API URL (ending in /api/v1), the key it accepts, its tables, request counts, `close()`. */
export interface DataTablesDouble {
	url: string;
	apiKey: string;
	tables: Map<string, { id: string; name: string; columns: Array<{ name: string; type: string }>; rows: Row[] }>;
	requests: Record<string, number>;
	close(): Promise<void>;
}

/**
 * Starts the double on a free loopback port. With `n8nVersion: 1`, it answers as n8n 1.x (1.123) does: no data-table
 * endpoints in its public API, so every `/api/v1/data-tables…` request gets 404 `{"message":"not found"}`, before the
 * key is looked at (n8n's OpenAPI validator matches the path first).
 */
export async function startDataTablesDouble(apiKey = 'n8n-api-key-for-tests', options: { n8nVersion?: 1 | 2 } = {}): Promise<DataTablesDouble> {
	const app = Fastify();
	const tables: DataTablesDouble['tables'] = new Map();
	const requests: Record<string, number> = {};
	let nextRowId = 1;
	let nextTableId = 1;

	app.addHook('onRequest', async (request, reply) => {
		const key = `${request.method} ${request.routeOptions.url ?? request.url}`;
		requests[key] = (requests[key] ?? 0) + 1;
		if (options.n8nVersion === 1 && request.url.startsWith('/api/v1/data-tables')) return reply.code(404).send({ message: 'not found' });
		if (request.headers['x-n8n-api-key'] !== apiKey) return reply.code(401).send({ message: 'unauthorized' });
	});
	const table = (id: string) => {
		const found = [...tables.values()].find((t) => t.id === id);
		if (!found) throw Object.assign(new Error(`Data table ${id} not found`), { statusCode: 404 });
		return found;
	};
	const parseFilter = (raw: unknown): Filter => (typeof raw === 'string' && raw ? (JSON.parse(raw) as Filter) : (raw as Filter) ?? {});
	const matches = (row: Row, filter: Filter) => {
		const conditions = filter.filters ?? [];
		const test = (c: NonNullable<Filter['filters']>[number]) => {
			if ((c.condition ?? 'eq') !== 'eq') throw Object.assign(new Error(`condition ${c.condition} not in the double`), { statusCode: 400 });
			return (row[c.columnName] ?? null) === c.value;
		};
		return filter.type === 'or' ? conditions.some(test) : conditions.every(test);
	};

	app.get('/api/v1/data-tables', async (request) => {
		const { filter } = request.query as { filter?: string };
		const name = filter ? (JSON.parse(filter) as { name?: string }).name : undefined;
		return { data: [...tables.values()].filter((t) => !name || t.name.includes(name)).map(({ id, name: tableName, columns }) => ({ id, name: tableName, columns })), nextCursor: null };
	});
	app.post('/api/v1/data-tables', async (request, reply) => {
		const { name, columns } = request.body as { name: string; columns: Array<{ name: string; type: string }> };
		if (tables.has(name)) return reply.code(409).send({ message: `Data table with name '${name}' already exists in this project` });
		const created = { id: `dt${nextTableId++}`, name, columns, rows: [] as Row[] };
		tables.set(name, created);
		return reply.code(201).send({ id: created.id, name, columns });
	});
	app.get('/api/v1/data-tables/:id/rows', async (request) => {
		const { id } = request.params as { id: string };
		const { filter, limit } = request.query as { filter?: string; limit?: string };
		const parsed = parseFilter(filter);
		return { data: table(id).rows.filter((row) => matches(row, parsed)).slice(0, Number(limit ?? 100)).map((row) => ({ ...row })), nextCursor: null };
	});
	/**
	 * Values as n8n stores them in a table's columns (`validateAndTransformCell`, non-strict): a numeric string in a
	 * number column becomes a number (rounded as a double would be); one that is not numeric is refused (400).
	 */
	const typed = (tableId: string, values: Record<string, Value>) => {
		const out = { ...values };
		for (const column of table(tableId).columns) {
			const value = out[column.name];
			if (column.type !== 'number' || typeof value !== 'string') continue;
			if (value.trim() === '' || Number.isNaN(Number(value))) throw Object.assign(new Error(`value '${value}' does not match column type 'number'`), { statusCode: 400 });
			out[column.name] = Number(value);
		}
		return out;
	};
	app.post('/api/v1/data-tables/:id/rows', async (request) => {
		const { id } = request.params as { id: string };
		const { data } = request.body as { data: Array<Record<string, Value>> };
		const inserted = data.map((values) => ({ ...typed(id, values), id: nextRowId++ }) as Row);
		table(id).rows.push(...inserted);
		return inserted.map((row) => ({ ...row }));
	});
	app.patch('/api/v1/data-tables/:id/rows/update', async (request) => {
		const { id } = request.params as { id: string };
		const { filter, data, returnData } = request.body as { filter: Filter; data: Record<string, Value>; returnData?: boolean };
		const updated = table(id).rows.filter((row) => matches(row, filter));
		for (const row of updated) Object.assign(row, typed(id, data));
		return returnData ? updated.map((row) => ({ ...row })) : true;
	});

	await app.listen({ host: '127.0.0.1', port: 0 });
	const { port } = app.server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/api/v1`, apiKey, tables, requests, close: () => app.close() };
}
