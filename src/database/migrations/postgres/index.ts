import { Init1795598859248 } from './1795598859248-Init.js';
import { RoomEvents1795981825155 } from './1795981825155-RoomEvents.js';

/** postgres migrations, in order. Generate new ones with `npm run migration:generate` (see README). */
export const postgresMigrations = [Init1795598859248, RoomEvents1795981825155];
