import { Init1795598857845 } from './1795598857845-Init.js';
import { Autoplay1795980852288 } from './1795980852288-Autoplay.js';
import { Moderation1795981146361 } from './1795981146361-Moderation.js';
import { RoomEvents1795981737750 } from './1795981737750-RoomEvents.js';
import { CrowdSettings1795990000000 } from './1795990000000-CrowdSettings.js';
import { CrowdThreshold1795995000000 } from './1795995000000-CrowdThreshold.js';
import { Guardrails1796000000000 } from './1796000000000-Guardrails.js';
import { FallbackPick1796230000000 } from './1796230000000-FallbackPick.js';

/** sqlite migrations, in order. Generate new ones with `npm run migration:generate` (see README). */
export const sqliteMigrations = [
  Init1795598857845,
  Autoplay1795980852288,
  Moderation1795981146361,
  RoomEvents1795981737750,
  CrowdSettings1795990000000,
  CrowdThreshold1795995000000,
  Guardrails1796000000000,
  FallbackPick1796230000000,
];
