import { Init1795598857845 } from './1795598857845-Init.js';

/** sqlite migrations, in order. Generate new ones with `npm run migration:generate` (see README). */
export const sqliteMigrations = [Init1795598857845];
