import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

const MyRooms = graphql(`
  query MyRooms {
    me {
      id
      displayName
    }
    myRooms {
      id
      code
      name
      status
    }
  }
`);

/** The parties a logged-in host runs or joined, newest first, to go back into. */
export function MyParties() {
  const { data, loading } = useQuery(MyRooms);
  if (loading && !data) return <p className="skeleton-line" aria-busy="true" />;
  const open = data?.myRooms.filter((room) => room.status === 'OPEN') ?? [];
  return (
    <section className="card" aria-labelledby="my-parties">
      <h2 id="my-parties">Your parties</h2>
      {data ? <p className="muted">Logged in as {data.me.displayName}.</p> : null}
      {open.length === 0 ? (
        <p className="muted">No open party yet: create one above.</p>
      ) : (
        <ul className="plain" aria-label="Your parties">
          {open.map((room) => (
            <li key={room.id}>
              <a href={`/room/${room.code}`}>
                {room.name} <span className="code">{room.code}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
