import { CFIS_PATHS } from '../../transport/endpoints';
import { syncStatusOperation } from './common';

/** Accounting → Get Ledger Status: `GET /accounting/ledger` (docs/cfis.md §4.10), one item per submitted ledger. */
export const getLedgerStatus = syncStatusOperation('getLedgerStatus', CFIS_PATHS.accountingLedger, 'ledgers', 'ledger');
