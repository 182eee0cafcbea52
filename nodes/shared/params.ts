/**
 * How operations read their parameters (one convention for both nodes):
 *
 * - A helper that reads an item's parameters takes the execute context as its FIRST argument (`ctx`), then the
 *   item index: `readText(ctx, 'name', itemIndex)`, `readUuid(ctx, …)`, `readPaging(ctx, itemIndex)`. Never a
 *   `this`-bound helper called with `.call(this, …)`; inside `prepare`/`execute` pass `this`.
 * - A text parameter is read with {@link readText} (trimmed, `''` when empty or unset), never with an ad-hoc
 *   `String(…).trim()`; other types with `ctx.getNodeParameter(name, itemIndex, default) as T`.
 * - A check that fails throws `inputError` (nodes/shared/errors.ts) naming the field as the UI labels it and the
 *   item, in `prepare`, before any request is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

/** Reads a string parameter of an item, trimmed; `fallback` (default `''`) when unset, `''` when null. */
export function readText(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	return String(ctx.getNodeParameter(name, itemIndex, fallback) ?? '').trim();
}
