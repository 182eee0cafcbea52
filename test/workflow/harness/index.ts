/**
 * In-process n8n harness (CONTRIBUTING.md, "Tests"): runs workflow JSON through n8n-core's `WorkflowExecute`
 * with this package's BUILT nodes and credentials (`dist/`, loaded as n8n loads a community package), the real
 * credential logic (`preAuthentication`, generic `authenticate`, refresh-and-retry on 401, token written back to
 * the credential store as n8n writes it to its database) and real HTTP to the sandbox on 127.0.0.1.
 */
import 'reflect-metadata';

export { CredentialStore, testCredential, type CredentialTestResult } from './credentials';
export { loadPackage, PACKAGE_DIR, PACKAGE_NAME } from './package';
export { pollNode, type PollRun } from './poll';
export { runNode, runWorkflow, type RunResult, type SingleNodeRun, type WorkflowJson } from './run';
export { callWebhook, executeTrigger, StaticDataStore, type TriggerNodeSetup, type WebhookCallResult, type WebhookRequest } from './webhook';
