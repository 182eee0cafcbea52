/**
 * How operations read their parameters (one convention for both nodes):
 *
 * - Before an operation's `prepare` runs for an item, the item runner checks every parameter the operation's
 *   properties declare and the node shows ({@link checkedParameters}), and hands `prepare` a view of the execute
 *   context whose `getNodeParameter` returns the checked values ({@link withCheckedParameters}): what was checked
 *   is what is sent. The checks come from the properties themselves (no hand-kept lists):
 *   - `options` / `multiOptions`: the value must be one of the property's own option values (an expression can
 *     produce any string);
 *   - `string` (and the value of a resource locator): text or a number, trimmed; objects, lists and booleans are
 *     refused (they would go out as `"[object Object]"`, `"1,2"`, `"true"`);
 *   - `number`: a number or a numeric string (converted), finite, within `typeOptions.minValue`/`maxValue`, with at
 *     most `typeOptions.numberPrecision` decimals (rounded to them) and exact in JSON (see `checkNumber`);
 *   - `boolean`: `true`/`false` (the strings too, converted);
 *   - `collection` / `fixedCollection`: each value inside by the same rules.
 *   `json` and `dateTime` values are left to the operation (it parses them).
 * - A helper that reads an item's parameters takes the execute context as its FIRST argument (`ctx`), then the
 *   item index: `readText(ctx, 'name', itemIndex)`, `readUuid(ctx, …)`, `readPaging(ctx, itemIndex)`. Never a
 *   `this`-bound helper called with `.call(this, …)`; inside `prepare`/`execute` pass `this`.
 * - A text parameter is read with {@link readText} (trimmed, `''` when empty or unset), never with an ad-hoc
 *   `String(…).trim()`; other types with `ctx.getNodeParameter(name, itemIndex, default) as T`.
 * - A check that fails throws `inputError` (nodes/shared/errors.ts) naming the field as the UI labels it and the
 *   item, in `prepare` (or here, before it), before any request is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { inputError } from './errors';
import { checkNumber, checkOptionValue, checkTextValue } from './validators';

/** Reads a string parameter of an item, trimmed; `fallback` (default `''`) when unset, `''` when null. */
export function readText(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	return String(ctx.getNodeParameter(name, itemIndex, fallback) ?? '').trim();
}

/** Where a value sits, for the error: the field's UI label and, inside a list of entries, which entry. */
interface Place {
	label: string;
	entry?: string;
}

/** Throws the input error of the item for a value at `place` (never returns). */
type Fail = (place: Place, reason: string) => never;

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether a raw (unevaluated) parameter value is an expression (`={{ … }}`). */
const isExpression = (raw: unknown): boolean => typeof raw === 'string' && raw.startsWith('=');

/** The raw value of `key` inside a raw collection value, when it is an object. */
const rawChild = (raw: unknown, key: string): unknown => (raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as IDataObject)[key] : undefined);

/**
 * One value of `property`, checked and normalised (trimmed text, numbers from numeric strings, rounded decimals).
 * `raw` is the value as saved in the node, before expressions are evaluated. A number that is `null` is empty and
 * passed on as `null` for the operation to report as empty (or to take an alternative field) when it was saved
 * empty or when the field may be empty (its default is `null`, e.g. Case ID beside Invoice Number); an expression
 * that gives `null` for a field with a real default (e.g. Outstanding Capital, 0) is refused as not a number, since
 * the operation would otherwise send its default in place of the mapped value.
 */
function checkValue(property: INodeProperties, value: unknown, place: Place, fail: Fail, raw: unknown): unknown {
	if (value === undefined) return value;
	switch (property.type) {
		case 'string': {
			const problem = checkTextValue(value);
			if (problem) fail(place, problem);
			return value === null ? value : String(value).trim();
		}
		case 'options': {
			if (property.typeOptions?.loadOptionsMethod || property.typeOptions?.loadOptions) return value;
			const given = typeof value === 'string' ? value.trim() : value;
			const problem = checkOptionValue(given, property.options as INodePropertyOptions[]);
			if (problem) fail(place, problem);
			return given;
		}
		case 'multiOptions': {
			if (property.typeOptions?.loadOptionsMethod || property.typeOptions?.loadOptions) return value;
			if (!Array.isArray(value)) fail(place, `must be a list of values, not ${typeof value === 'object' ? 'an object' : `"${String(value)}"`}`);
			return value.map((entry) => {
				const given = typeof entry === 'string' ? entry.trim() : entry;
				const problem = checkOptionValue(given, property.options as INodePropertyOptions[]);
				if (problem) fail(place, problem);
				return given;
			});
		}
		case 'number': {
			// Empty: saved empty, or an expression that gave null for a field that may be empty (its default is null).
			if (value === null && (property.default === null || !isExpression(raw))) return value;
			let number = value;
			if (typeof value === 'string' && NUMERIC.test(value.trim())) number = Number(value.trim());
			if (typeof number !== 'number') {
				const shown = typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? 'a list' : typeof value === 'object' && value ? 'an object' : String(value);
				fail(place, `${shown} is not a number`);
			}
			const decimals = property.typeOptions?.numberPrecision;
			const unit = /\(([^)]+)\)$/.exec(property.displayName)?.[1].toLowerCase(); // "Amount (Cents)" → cents
			const problem = checkNumber(number, { min: property.typeOptions?.minValue, max: property.typeOptions?.maxValue, decimals, unit });
			if (problem) fail(place, problem);
			return decimals === undefined ? number : Math.round(number * 10 ** decimals) / 10 ** decimals;
		}
		case 'boolean': {
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			return fail(place, `must be true or false, not ${typeof value === 'string' ? `"${value}"` : typeof value === 'object' ? 'an object' : String(value)}`);
		}
		case 'resourceLocator': {
			const locator = value as { __rl?: boolean; value?: unknown };
			const inner = locator && typeof locator === 'object' && locator.__rl ? locator.value : value;
			const problem = checkTextValue(inner);
			if (problem) fail(place, problem);
			const text = inner === null || inner === undefined ? inner : String(inner).trim();
			return locator && typeof locator === 'object' && locator.__rl ? { ...locator, value: text } : text;
		}
		case 'collection':
			return checkGroup(property.options as INodeProperties[], value, place, (child) => ({ label: child.displayName, entry: place.entry }), fail, raw);
		case 'fixedCollection':
			return checkFixedCollection(property, value, place, fail, raw);
		default:
			return value;
	}
}

/** The values of a collection (or of one fixedCollection entry): each known key by its property. */
function checkGroup(children: INodeProperties[], value: unknown, place: Place, placeOf: (child: INodeProperties) => Place, fail: Fail, raw: unknown): unknown {
	if (value === null) return value;
	if (typeof value !== 'object' || Array.isArray(value)) fail(place, 'must be a set of fields, not a single value');
	const out: IDataObject = { ...(value as IDataObject) };
	for (const child of children) {
		if (child.name in out) out[child.name] = checkValue(child, out[child.name], placeOf(child), fail, rawChild(raw, child.name)) as IDataObject[string];
	}
	return out;
}

/** A fixedCollection: per group, one entry or (multiple values) a list of entries, each checked as a group. */
function checkFixedCollection(property: INodeProperties, value: unknown, place: Place, fail: Fail, raw: unknown): unknown {
	if (value === null) return value;
	if (typeof value !== 'object' || Array.isArray(value)) fail(place, 'must be a set of fields, not a single value');
	const out: IDataObject = { ...(value as IDataObject) };
	const multiple = property.typeOptions?.multipleValues === true;
	for (const group of (property.options ?? []) as INodePropertyCollection[]) {
		const entries = out[group.name];
		if (entries === undefined || entries === null) continue;
		const rawEntries = rawChild(raw, group.name);
		const check = (entry: unknown, rawEntry: unknown, entryName = place.entry) =>
			checkGroup(group.values, entry, { label: property.displayName, entry: entryName }, (child) => ({ label: child.displayName, entry: entryName }), fail, rawEntry);
		if (!multiple) {
			out[group.name] = check(entries, rawEntries) as IDataObject;
		} else if (!Array.isArray(entries)) {
			fail(place, `must be a list of ${group.displayName} entries`);
		} else {
			out[group.name] = entries.map((entry, i) => check(entry, Array.isArray(rawEntries) ? rawEntries[i] : undefined, `${group.displayName} ${i + 1}`)) as IDataObject[];
		}
	}
	return out;
}

/**
 * Checks every parameter of `properties` that the node holds (`saved`: the node's parameters as saved, before
 * expressions are evaluated; n8n keeps only the parameters it shows, with their defaults; pass it once per run, as
 * `getNode()` copies the node)
 * and returns their checked values by name. Throws `NodeOperationError` via
 * `inputError`, naming the field as the UI labels it (inside a list of entries also which entry, e.g. "in
 * Payment Operation 2") and the item, before any request. `json` and `dateTime` values pass as they are.
 */
export function checkedParameters(
	ctx: IExecuteFunctions,
	properties: INodeProperties[],
	itemIndex: number,
	saved: IDataObject = ctx.getNode().parameters as IDataObject,
): IDataObject {
	const fail: Fail = ({ label, entry }, reason) => {
		throw inputError(ctx.getNode(), label, itemIndex, entry ? `in ${entry}: ${reason}` : reason);
	};
	const values: IDataObject = {};
	for (const property of properties) {
		if (!(property.name in saved) || property.name in values) continue;
		const value = ctx.getNodeParameter(property.name, itemIndex, undefined);
		values[property.name] = checkValue(property, value, { label: property.displayName }, fail, saved[property.name]) as IDataObject[string];
	}
	return values;
}

/** `path` (`a.b.c`) inside `values`, or `undefined`. */
function valueAt(values: IDataObject, path: string): unknown {
	let current: unknown = values;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

/**
 * A view of `ctx` for one item whose `getNodeParameter(name, itemIndex, fallback)` returns the checked value of
 * `values` (also for dotted paths such as `operations.operation`); everything else (other items, other
 * parameters, calls with options such as `extractValue`, and every other method) goes to `ctx` itself.
 */
export function withCheckedParameters(ctx: IExecuteFunctions, itemIndex: number, values: IDataObject): IExecuteFunctions {
	const getNodeParameter = (name: string, index: number, fallback?: unknown, options?: unknown): unknown => {
		const top = name.split('.')[0];
		if (index !== itemIndex || options !== undefined || !(top in values)) {
			return (ctx.getNodeParameter as (...args: unknown[]) => unknown)(name, index, fallback, options);
		}
		const value = valueAt(values, name);
		return value === undefined ? fallback : value;
	};
	return new Proxy(ctx, {
		get(target, key) {
			if (key === 'getNodeParameter') return getNodeParameter;
			const member = Reflect.get(target, key, target) as unknown;
			return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
		},
	});
}
