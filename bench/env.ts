// Imported first by the in-process bench: n8n-core reads N8N_USER_FOLDER when it is first imported and writes an
// instance config with an encryption key there (as test/helpers/env.ts does for the workflow tests).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
