import { ConnectionBanner } from './components/ConnectionBanner';
import { routeOf, usePath } from './lib/router';
import { HomeRoute } from './routes/HomeRoute';
import { JoinRoute } from './routes/JoinRoute';
import { RoomRoute } from './routes/RoomRoute';

export function App() {
  const route = routeOf(usePath());
  return (
    <>
      <ConnectionBanner />
      <main className="app">
        {route.name === 'home' ? <HomeRoute /> : null}
        {route.name === 'join' ? <JoinRoute code={route.code} /> : null}
        {route.name === 'room' ? <RoomRoute key={route.code} code={route.code} /> : null}
      </main>
    </>
  );
}
