/**
 * Validation of a create payload and the records it becomes (zertiban.md §6.1 root and operations, §9 the
 * tenant's configurations and beneficiary accounts): every failure is a 400 naming the field ([SIM]).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError, UUID_RE } from '../controls';
import { ISO_COUNTRIES, ISO_CURRENCIES, ISO_LANGUAGES } from '../iso';
import type { ZertibanOperation } from '../seed';
import type { ZertibanContext } from './context';
import { isoSeconds, type FlowRecord, type OperationRecord } from './state';

/** A JSON object of a payload. */
export type Json = Record<string, unknown>;

/** `v` is a JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
/** A 400 with `message`. */
export const bad = (message: string) => new ApiError(400, message);

/** `obj[key]` when given (non-empty string), `undefined` when absent; 400 naming `path + key` otherwise. */
export function optionalString(obj: Json, key: string, path: string): string | undefined {
	const v = obj[key];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string' || v.trim() === '') throw bad(`${path}${key} must be a non-empty string`);
	return v;
}

const DAY_MS = 86_400_000;

/** Easter Sunday of `year` (Gregorian calendar, the anonymous algorithm) as epoch ms at UTC midnight. */
function easterSunday(year: number): number {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
	const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return Date.UTC(year, month - 1, day);
}

/**
 * Whether `day` (`YYYY-MM-DD`) is a SEPA business day: a weekday that is not a TARGET2 closing day (1 January, Good
 * Friday, Easter Monday, 1 May, 25 and 26 December). [SIM] the calendar behind zertiban.md §6.1's "business day".
 */
export function isBusinessDay(day: string): boolean {
	const ms = Date.parse(`${day}T00:00:00Z`);
	const weekday = new Date(ms).getUTCDay();
	if (weekday === 0 || weekday === 6) return false;
	if (['01-01', '05-01', '12-25', '12-26'].includes(day.slice(5))) return false;
	const easter = easterSunday(Number(day.slice(0, 4)));
	return ms !== easter - 2 * DAY_MS && ms !== easter + DAY_MS;
}

/** The calendar day (`YYYY-MM-DD`) of an instant in Spain: [SIM] Zertiban's "today" (a Spanish service). */
const MADRID_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Whether `day` (`YYYY-MM-DD`) names a day of the calendar (`2026-02-30` does not). */
function dayExists(day: string): boolean {
	const ms = Date.parse(`${day}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** The first business day ({@link isBusinessDay}) after `day` (`YYYY-MM-DD`). */
export function businessDayAfter(day: string): string {
	let ms = Date.parse(`${day}T00:00:00Z`);
	do ms += DAY_MS;
	while (!isBusinessDay(new Date(ms).toISOString().slice(0, 10)));
	return new Date(ms).toISOString().slice(0, 10);
}

/** A validated operation before it is stored. */
export interface OperationDraft {
	record: OperationRecord;
	/** ids of the `documents[]` this operation references (generic create) */
	documentIds?: string[];
	/** local id echoed back (generic create) */
	id?: string;
}

/**
 * Validates one operation of a create payload and builds its record (status CREATED, `expiresAt` = createdAt +
 * `expirationOffset`, default configuration and account when omitted; both must be the tenant's and ACTIVE).
 */
export function draftOperation(
	ctx: ZertibanContext,
	tenant: string,
	raw: unknown,
	index: number,
	flowUuid: string,
	generic: boolean,
): OperationDraft {
	const path = `operations[${index}].`;
	if (!isObject(raw)) throw bad(`operations[${index}] must be an object`);
	const { state, settings } = ctx;
	const id = optionalString(raw, 'id', path);
	if (generic) {
		if (id === undefined) throw bad(`${path}id is required`);
		if (raw.type !== 'PAYMENT') throw bad(`${path}type must be PAYMENT`);
	}
	const externalId = optionalString(raw, 'externalId', path);

	const configUuid = optionalString(raw, 'configuration', path);
	if (configUuid !== undefined && !UUID_RE.test(configUuid)) throw bad(`${path}configuration must be a UUID`);
	const config = state.configurations.find(
		(c) =>
			c.tenantUuid === tenant &&
			(configUuid === undefined ? c.summary.isDefault : c.summary.uuid === configUuid.toLowerCase()),
	);
	if (!config) throw bad(`${path}configuration ${configUuid ?? '(default)'} does not exist for this business`);
	if (config.summary.status !== 'ACTIVE') throw bad(`${path}configuration ${config.summary.uuid} is not ACTIVE`);

	const offset = optionalString(raw, 'expirationOffset', path) ?? config.expirationOffset;
	const days = /^P(\d{1,3})D$/.exec(offset);
	if (!days || Number(days[1]) < 1 || Number(days[1]) > 156) {
		throw bad(`${path}expirationOffset must be an ISO 8601 period of 1 to 156 days (P1D…P156D)`);
	}

	const payment = raw.payment;
	if (!isObject(payment)) throw bad(`${path}payment is required`);
	const pp = `${path}payment.`;
	const amount = payment.amount;
	if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
		throw bad(`${pp}amount must be a positive integer in cents`);
	}
	if (settings.amountCapCents !== null && amount > settings.amountCapCents) {
		throw bad(
			`${pp}amount ${amount} exceeds the sandbox limit of ${settings.amountCapCents} cents per payment initiation`,
		);
	}
	if (typeof payment.currency !== 'string' || !ISO_CURRENCIES.has(payment.currency)) {
		throw bad(`${pp}currency must be an ISO 4217 code such as EUR`);
	}
	const types = Array.isArray(payment.types) ? payment.types.flat() : [];
	if (!types.includes('PSD2_PAYMENT')) throw bad(`${pp}types must be ["PSD2_PAYMENT"]`);
	const psd2 = payment.psd2Payment;
	if (!isObject(psd2)) throw bad(`${pp}psd2Payment is required`);
	if (psd2.type !== 'SINGLE_PAYMENT' && psd2.type !== 'FUTURE_PAYMENT') {
		throw bad(`${pp}psd2Payment.type must be SINGLE_PAYMENT or FUTURE_PAYMENT`);
	}
	if (psd2.product !== 'SEPA_CREDIT_TRANSFER' && psd2.product !== 'INSTANT_SEPA_CREDIT_TRANSFER') {
		throw bad(`${pp}psd2Payment.product must be SEPA_CREDIT_TRANSFER or INSTANT_SEPA_CREDIT_TRANSFER`);
	}
	const date = psd2.requestedExecutionDate;
	const now = state.nowIso();
	if (psd2.type === 'FUTURE_PAYMENT') {
		if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !dayExists(date)) {
			throw bad(`${pp}psd2Payment.requestedExecutionDate (YYYY-MM-DD, a day that exists) is required for FUTURE_PAYMENT`);
		}
		// §6.1 [D]: at least one business day ahead; [SIM] and itself a business day (SEPA executes on TARGET days).
		const earliest = businessDayAfter(MADRID_DAY.format(Date.parse(now)));
		if (date < earliest) {
			throw bad(`${pp}psd2Payment.requestedExecutionDate must be at least one business day ahead: ${earliest} or later`);
		}
		if (!isBusinessDay(date)) {
			throw bad(`${pp}psd2Payment.requestedExecutionDate ${date} is not a business day (weekend or TARGET2 holiday)`);
		}
	} else if (date !== undefined) {
		throw bad(`${pp}psd2Payment.requestedExecutionDate is only allowed for FUTURE_PAYMENT`);
	}
	const accountRef = psd2.creditorAccount;
	let accountUuid: string | undefined;
	if (accountRef !== undefined) {
		if (!isObject(accountRef) || typeof accountRef.uuid !== 'string' || !UUID_RE.test(accountRef.uuid)) {
			throw bad(`${pp}psd2Payment.creditorAccount.uuid must be a UUID`);
		}
		accountUuid = accountRef.uuid.toLowerCase();
	}
	const account = state.accounts.find(
		(a) => a.tenantUuid === tenant && (accountUuid === undefined ? a.account.isDefault : a.account.uuid === accountUuid),
	);
	if (!account) throw bad(`${pp}psd2Payment.creditorAccount ${accountUuid ?? '(default)'} does not exist for this business`);
	if (account.account.status !== 'ACTIVE') throw bad(`${pp}psd2Payment.creditorAccount ${account.account.uuid} is not ACTIVE`);

	const concept = optionalString(payment, 'concept', pp);
	const debtor = payment.debtor;
	if (debtor !== undefined && !isObject(debtor)) throw bad(`${pp}debtor must be an object`);
	const subject = debtor
		? {
				...(optionalString(debtor, 'name', `${pp}debtor.`) ? { name: debtor.name as string } : {}),
				...(optionalString(debtor, 'lastName', `${pp}debtor.`) ? { lastName: debtor.lastName as string } : {}),
				...(optionalString(debtor, 'email', `${pp}debtor.`) ? { email: debtor.email as string } : {}),
			}
		: undefined;
	if (subject?.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(subject.email)) {
		throw bad(`${pp}debtor.email must be an e-mail address`);
	}

	let documentIds: string[] | undefined;
	if (raw.documents !== undefined) {
		if (!Array.isArray(raw.documents)) throw bad(`${path}documents must be an array of document ids`);
		documentIds = raw.documents.map((d, i) => {
			const docId = isObject(d) ? d.id : d;
			if (typeof docId !== 'string' || docId === '') throw bad(`${path}documents[${i}] must be a document id`);
			return docId;
		});
	}

	const createdMs = Date.parse(now);
	const operation: ZertibanOperation = {
		uuid: randomUUID(),
		...(externalId === undefined ? {} : { externalId }),
		configurationUuid: config.summary.uuid,
		status: 'CREATED',
		type: 'PAYMENT',
		expirationOffset: offset,
		expiresAt: isoSeconds(createdMs + Number(days[1]) * 86_400_000),
		createdAt: now,
		flowUuid,
		synchronous: true,
		payment: {
			paymentUuid: randomUUID(),
			amount,
			currency: payment.currency,
			types: [['PSD2_PAYMENT']],
			psd2Payment: {
				type: psd2.type,
				product: psd2.product,
				...(typeof date === 'string' ? { requestedExecutionDate: date } : {}),
				creditorAccount: { uuid: account.account.uuid },
			},
			...(concept === undefined ? {} : { concept }),
			...(subject ? { subject } : {}),
		},
	};
	const record: OperationRecord = {
		tenantUuid: tenant,
		statusUpdatedAt: now,
		operation,
		history: [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: now }],
		pendingTransaction: false,
		everOpened: false,
		autoExpire: true,
		linkToken: randomBytes(24).toString('base64url'),
	};
	return { record, documentIds, id };
}

/** Validates the payload root (§6.1): `countryCode`, `additionalLanguage`, `labels`, non-empty `operations`. */
export function draftFlow(tenant: string, payload: Json, now: string, extraLabels: FlowRecord['flow']['labels']): FlowRecord {
	const externalId = optionalString(payload, 'externalId', '');
	if (typeof payload.countryCode !== 'string' || !ISO_COUNTRIES.has(payload.countryCode)) {
		throw bad('countryCode is required: an ISO 3166-1 alpha-2 code such as ES');
	}
	const additional = optionalString(payload, 'additionalLanguage', '');
	if (additional !== undefined && !ISO_LANGUAGES.has(additional)) {
		throw bad('additionalLanguage must be an ISO 639-1 code such as en');
	}
	const labels = payload.labels ?? [];
	if (
		!Array.isArray(labels) ||
		!labels.every((l) => isObject(l) && typeof l.name === 'string' && typeof l.value === 'string')
	) {
		throw bad('labels must be an array of {name, value} strings');
	}
	if (!Array.isArray(payload.operations) || payload.operations.length === 0) {
		throw bad('operations must be a non-empty array');
	}
	return {
		tenantUuid: tenant,
		statusUpdatedAt: now,
		flow: {
			uuid: randomUUID(),
			status: 'CREATED',
			...(externalId === undefined ? {} : { externalId }),
			countryCode: payload.countryCode,
			languageCode: 'es',
			...(additional === undefined ? {} : { additionalLanguageCode: additional }),
			channel: 'API',
			createdAt: now,
			labels: [...(labels as FlowRecord['flow']['labels']), ...extraLabels],
		},
		operationUuids: [],
		history: [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: now }],
	};
}
