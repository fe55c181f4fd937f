/** The GraphQL operations the benchmark sends; the floor server answers the same shapes. */

export const CREATE_ROOM = `mutation($input: CreateRoomInput!) {
  createRoom(input: $input) { id code likeThreshold }
}`;

export const JOIN_AS_GUEST = `mutation($code: String!, $displayName: String!) {
  joinAsGuest(code: $code, displayName: $displayName) { accessToken user { id } }
}`;

export const SEARCH_TRACKS = `query($code: String!, $query: String!) {
  searchTracks(code: $code, query: $query, limit: 10) { uri }
}`;

export const VOTE = `mutation($input: VoteInput!) {
  vote(input: $input) {
    status trackUri likes dislikes likeThreshold play thresholdReached
    track { id uri likes dislikes status myVote track { name artists } }
  }
}`;

export const VOTE_UPDATED = `subscription($code: String!) {
  voteUpdated(code: $code) {
    roomCode trackUri likes dislikes likeThreshold play thresholdReached seq at
    track { name artists album }
  }
}`;

export class GraphQLError extends Error {}

/** POSTs one operation; throws unless the answer is 200 with data and no `errors`. */
export async function gql(baseUrl, query, variables = {}, token) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GraphQLError(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || body.errors || !body.data) {
    throw new GraphQLError(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; keeps the order. */
export async function parallel(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/**
 * The layers measured one by one, each adding to the one before: GraphQL over HTTP with nothing
 * to resolve, then an authenticated caller, then a database read, then the vote (a write
 * transaction, a publish to subscribers). `expect` must be in every good answer.
 */
export const LAYERS = [
  {
    name: 'typename',
    label: 'anonymous `{ __typename }`',
    query: '{ __typename }',
    auth: false,
    expect: '"__typename":"Query"',
  },
  {
    name: 'me',
    label: '`me { id isGuest }`',
    query: '{ me { id isGuest } }',
    auth: true,
    expect: '"me":{',
  },
  {
    name: 'room',
    label: '`room(code) { likeThreshold }`',
    query: 'query($code: String!) { room(code: $code) { likeThreshold } }',
    auth: true,
    withCode: true,
    expect: '"likeThreshold":',
  },
  {
    name: 'vote',
    label: '`vote`',
    query: VOTE,
    auth: true,
    rotate: true,
    expect: '"status":"vote_registered"',
  },
];
