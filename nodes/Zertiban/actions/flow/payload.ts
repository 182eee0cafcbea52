import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isSepaBusinessDay, nextSepaBusinessDay, readCalendarDate, todayIn, todayInZone } from '../../../shared/dates';
import { readText } from '../../../shared/params';
import type { RunContext } from '../../../shared/runner';
import { inputError } from '../../../shared/errors';
import { checkDayPeriod, checkPositiveCents } from '../../validators';
import { checkCountryCode, checkCurrencyCode, checkEmail } from '../../../shared/validators';
import { readUuid } from '../common';
import { isZertibanSandbox } from '../environment';

/** Largest payment the Zertiban sandbox initiates, in cents (docs/zertiban.md §2: €1). */
export const SANDBOX_MAX_CENTS = 100;

/** The time zone of Zertiban's own calendar: a Spanish service [I]; its "today" may be ahead of the workflow's. */
const ZERTIBAN_ZONE = 'Europe/Madrid';

/** Integer cents from a number parameter that an expression may have turned into a numeric string. */
function cents(value: unknown): number {
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value as number;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/**
 * Builds one operation object of a create payload (docs/zertiban.md §6.1) from the {@link PAYMENT_FIELDS} values,
 * with configuration and creditor account when given. Checks, naming the field and item: amount (positive
 * whole cents, given: the field's empty default is `null`; at most 100 in the Zertiban sandbox, which caps payments
 * at €1), currency, execution date (required for FUTURE payments: a SEPA business day at least one business day
 * after today, docs/zertiban.md §6.1, today being the later of the workflow's and Zertiban's (Madrid); the field is
 * hidden for SINGLE ones, whose date is never sent), expiration offset `P1D`…`P156D`, e-mail.
 */
export function buildPaymentOperation(
	ctx: IExecuteFunctions,
	values: IDataObject,
	itemIndex: number,
	refs: { configuration?: string; creditorAccount?: string },
	run: RunContext,
): IDataObject {
	// getNode() deep-copies the node: call it only to build an error, never per payment operation (it cost seconds per large item).
	const bad = (field: string, reason: string) => inputError(ctx.getNode(), field, itemIndex, reason);
	if (values.amount === null || values.amount === undefined || values.amount === '') {
		throw bad('Amount (Cents)', 'is empty; give the amount in cents, e.g. 2500 for 25.00 EUR');
	}
	const amount = cents(values.amount);
	const amountProblem = checkPositiveCents(amount);
	if (amountProblem) throw bad('Amount (Cents)', amountProblem);
	if (isZertibanSandbox(run) && amount > SANDBOX_MAX_CENTS) {
		throw bad('Amount (Cents)', `${amount} is above ${SANDBOX_MAX_CENTS}: the Zertiban sandbox caps every payment at €1 (100 cents); use the production environment for real amounts`,
		);
	}
	const currency = str(values.currency) || 'EUR';
	const currencyProblem = checkCurrencyCode(currency);
	if (currencyProblem) throw bad('Currency', currencyProblem);

	const type = str(values.paymentType) || 'SINGLE_PAYMENT';
	const date = type === 'FUTURE_PAYMENT' ? readCalendarDate(ctx, values.requestedExecutionDate, 'Requested Execution Date', itemIndex) : '';
	if (type === 'FUTURE_PAYMENT') {
		if (date === '') throw bad('Requested Execution Date', 'is required for a Future payment');
		const today = todayIn(ctx);
		if (date <= today) {
			throw bad('Requested Execution Date', `${date} is not in the future (today is ${today} in the workflow's time zone, ${ctx.getTimezone()})`);
		}
		const zertibanToday = todayInZone(ZERTIBAN_ZONE);
		const earliest = nextSepaBusinessDay(zertibanToday > today ? zertibanToday : today);
		if (date < earliest) {
			throw bad('Requested Execution Date', `${date} is too early: Zertiban needs at least one business day ahead, so ${earliest} or later`);
		}
		if (!isSepaBusinessDay(date)) {
			throw bad('Requested Execution Date', `${date} is not a SEPA business day (a weekend or a TARGET2 holiday); pick a weekday such as ${nextSepaBusinessDay(date)}`);
		}
	}

	const offset = str(values.expirationOffset);
	if (offset !== '') {
		const problem = checkDayPeriod(offset);
		if (problem) throw bad('Expiration Offset', problem);
	}
	const email = str(values.payerEmail);
	if (email !== '') {
		const problem = checkEmail(email);
		if (problem) throw bad('Payer Email', problem);
	}
	const debtor: IDataObject = {};
	if (str(values.payerName)) debtor.name = str(values.payerName);
	if (str(values.payerLastName)) debtor.lastName = str(values.payerLastName);
	if (email) debtor.email = email;

	const psd2Payment: IDataObject = { type, product: str(values.product) || 'SEPA_CREDIT_TRANSFER' };
	if (date) psd2Payment.requestedExecutionDate = date;
	if (refs.creditorAccount) psd2Payment.creditorAccount = { uuid: refs.creditorAccount };
	const operation: IDataObject = {};
	if (str(values.operationExternalId)) operation.externalId = str(values.operationExternalId);
	if (refs.configuration) operation.configuration = refs.configuration;
	if (offset) operation.expirationOffset = offset;
	operation.payment = {
		amount,
		currency,
		...(str(values.concept) ? { concept: str(values.concept) } : {}),
		types: ['PSD2_PAYMENT'],
		psd2Payment,
		...(Object.keys(debtor).length ? { debtor } : {}),
	};
	return operation;
}

/**
 * Refuses a Flow External ID that an earlier item of the same run already uses (naming both items): safe create
 * finds a lost flow by its external ID, so two items with one ID could recover each other's flow. The claim is
 * kept in the run context, so it lasts exactly one run.
 */
function claimExternalId(ctx: IExecuteFunctions, run: RunContext, externalId: string, itemIndex: number): void {
	const first = run.claim('flowExternalId', externalId, itemIndex);
	if (first !== undefined) {
		throw inputError(
			ctx.getNode(),
			'Flow External ID',
			itemIndex,
			`"${externalId}" is also the Flow External ID of item ${first}; each flow needs its own (safe create finds a flow by it)`,
		);
	}
}

/**
 * The flow-level values of both creates, checked: external ID (unique among the items of one execution),
 * country code, configuration, creditor account. Call it once per item from `prepare`, with its run context.
 */
export function readFlowFields(ctx: IExecuteFunctions, run: RunContext, itemIndex: number) {
	const externalId = readText(ctx, 'externalId', itemIndex);
	if (externalId) claimExternalId(ctx, run, externalId, itemIndex);
	const countryCode = readText(ctx, 'countryCode', itemIndex);
	const problem = checkCountryCode(countryCode);
	if (problem) throw inputError(ctx.getNode(), 'Country Code', itemIndex, problem);
	return {
		externalId: externalId || undefined,
		countryCode,
		configuration: readUuid(ctx, 'configurationUuid', 'Configuration', itemIndex, { optional: true }),
		creditorAccount: readUuid(ctx, 'beneficiaryAccountUuid', 'Beneficiary Account', itemIndex, { optional: true }),
	};
}
