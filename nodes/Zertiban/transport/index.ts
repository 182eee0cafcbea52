/**
 * The one Zertiban transport (docs/zertiban.md §3, §4): every request of the Zertiban nodes goes through these
 * functions. request.ts sends one JSON request (auth, retries, errors); list.ts reads offset-paged lists;
 * create.ts sends a multipart create once (multipart.ts encodes it); download.ts fetches binary content;
 * endpoints.ts names every path; environment.ts the base URLs; auth.ts the token.
 */
export { ZERTIBAN_CREDENTIAL, zertibanBackoffKey, zertibanCredentials, zertibanRequest, type ZertibanContext } from './request';
export { MAX_PAGE_SIZE, zertibanRequestAllItems } from './list';
export { encodeMultipart, type MultipartPart } from './multipart';
export { outcomeUnknown, zertibanCreate, type CreateOutcome } from './create';
export { fileNameOf, zertibanDownload, type DownloadedFile } from './download';
export { ZERTIBAN_PATHS } from './endpoints';
