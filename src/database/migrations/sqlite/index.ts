import { Init1795598857845 } from './1795598857845-Init.js';
import { RoomEvents1795981737750 } from './1795981737750-RoomEvents.js';

/** sqlite migrations, in order. Generate new ones with `npm run migration:generate` (see README). */
export const sqliteMigrations = [Init1795598857845, RoomEvents1795981737750];
