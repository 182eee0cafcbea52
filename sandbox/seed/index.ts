/**
 * Fixed seed data of the sandbox: credentials, the Zertiban operations and the CFIS tokens and clients.
 *
 * Every value here is a documented constant so that examples, tests and demo workflows are reproducible.
 * None of them is a real secret: they only open the local sandbox (127.0.0.1).
 * Each `startSandbox()` call starts from a deep copy of this data; nothing here is ever mutated.
 */
export * from './cfis';
export * from './operations';
export * from './zertiban';
