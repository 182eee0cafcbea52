/**
 * Every Zertiban path the nodes and the credential use, in ONE place (docs/zertiban.md §5, the endpoint catalogue);
 * the token path is the credential's Token Path field (default in credentials/ZertibanOAuth2Api.credentials.ts).
 * Paths with an ID take it as an argument and URL-encode it. The sandbox keeps its own copy, written from the docs.
 */
const id = (value: string) => encodeURIComponent(value);

export const ZERTIBAN_PATHS = {
	/** `POST` create (multipart) / `GET` list (§6.1, §6.2) */
	flows: '/flow/v1/flows',
	/** `GET` — one flow (§6.3) */
	flow: (uuid: string) => `/flow/v1/flows/${id(uuid)}`,
	/** `GET` — a flow's status changes (§6.4) */
	flowStatusHistory: (uuid: string) => `/flow/v1/flows/${id(uuid)}/status-histories`,
	/** `POST` — PagaFactu invoice payment link (multipart, §13.2) */
	pagaFactuFlows: '/pagafactu/v1/flows/pagafactu',
	/** `GET` — list operations (§7.1) */
	operations: '/flow/v1/operations',
	/** `GET` — one operation (§7.2) */
	operation: (uuid: string) => `/flow/v1/operations/${id(uuid)}`,
	/** `GET` — an operation's status (§7.3) */
	operationStatus: (uuid: string) => `/flow/v1/operations/${id(uuid)}/status`,
	/** `GET` — an operation's status changes (§7.4) */
	operationStatusHistory: (uuid: string) => `/flow/v1/operations/${id(uuid)}/status-histories`,
	/** `PUT` — cancel an operation (§7.5) */
	operationCancel: (uuid: string) => `/flow/v1/operations/${id(uuid)}/cancel`,
	/** `GET` — a payment document's bytes (§7.6) */
	operationDocument: (uuid: string, documentUuid: string) => `/flow/v1/operations/${id(uuid)}/payment-documents/${id(documentUuid)}/content`,
	/** `GET` — a PSD2 payment (§8) */
	payment: (uuid: string) => `/payment/v1/payments/${id(uuid)}`,
	/** `GET` — list beneficiary (creditor) accounts (§9.1) */
	beneficiaryAccounts: '/business-creditor-account/v1/business-creditor-accounts',
	/** `GET` — one beneficiary account (§9.1) */
	beneficiaryAccount: (uuid: string) => `/business-creditor-account/v1/business-creditor-accounts/${id(uuid)}`,
	/** `GET` — list flow configurations (§9.2) */
	configurations: '/flow-customization/v1/configurations',
	/** `GET` — one flow configuration (§9.2) */
	configuration: (uuid: string) => `/flow-customization/v1/configurations/${id(uuid)}`,
} as const;
