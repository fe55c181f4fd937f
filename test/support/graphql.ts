export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** POSTs one GraphQL operation over real HTTP. */
export async function gql<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResponse['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}

/** The `extensions.code` of the first error, for terse assertions. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

/** "message (CODE)" for every error of a response, for failure messages. */
export function describeErrors(response: Pick<GraphQLResponse, 'errors'>): string {
  return (response.errors ?? [])
    .map((e) => `${e.message} (${(e.extensions?.code as string | undefined) ?? 'no code'})`)
    .join('; ');
}

/**
 * The data of a setup step's response. A setup step that fails throws here, naming the errors,
 * rather than letting the test go on and fail later for a reason that reads as another.
 */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(
      `GraphQL setup step failed (HTTP ${response.status}): ${describeErrors(response)}`,
    );
  }
  return response.data;
}
