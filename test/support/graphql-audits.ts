import { type AuditResult, serverAudits } from 'graphql-http';

/**
 * The SHOULD audits the app does not meet, as docs/client-guide.md lists them. Apollo answers 400
 * to a document it cannot parse, validate or coerce variables for, also under `application/json`;
 * the spec prefers 200 there (legacy clients), and the 400 is what Apollo Client and others expect.
 */
export const SHOULD_NOT_MET = [
  'SHOULD use 200 status code on document parsing failure when accepting application/json',
  'SHOULD use 200 status code on document validation failure when accepting application/json',
  'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
];

/** graphql-http's server audits (GET and POST, every media type), one after another. */
export async function runAudits(baseUrl: string): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url: `${baseUrl}/graphql` })) {
    results.push(await audit.fn());
  }
  return results;
}

/** The MUST audits that failed, with why. */
export function failedMusts(results: AuditResult[]) {
  return results
    .filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')
    .map((r) => ({ name: r.name, status: r.status, reason: 'reason' in r ? r.reason : '' }));
}

/** The names of the SHOULD audits not met. */
export function unmetShoulds(results: AuditResult[]): string[] {
  return results.filter((r) => r.name.startsWith('SHOULD') && r.status !== 'ok').map((r) => r.name);
}
