// Runs before any test module of the workflow project (jest `setupFiles`): n8n-core reads N8N_USER_FOLDER when
// it is first imported and writes an instance config with an encryption key there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
