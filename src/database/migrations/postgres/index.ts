import { Init1795598859248 } from './1795598859248-Init.js';
import { Autoplay1795980867810 } from './1795980867810-Autoplay.js';
import { Moderation1795981165202 } from './1795981165202-Moderation.js';
import { RoomEvents1795981825155 } from './1795981825155-RoomEvents.js';
import { CrowdSettings1795990001000 } from './1795990001000-CrowdSettings.js';
import { CrowdThreshold1795995001000 } from './1795995001000-CrowdThreshold.js';
import { Guardrails1796000001000 } from './1796000001000-Guardrails.js';
import { FallbackPick1796230001000 } from './1796230001000-FallbackPick.js';

/** postgres migrations, in order. Generate new ones with `npm run migration:generate` (see README). */
export const postgresMigrations = [
  Init1795598859248,
  Autoplay1795980867810,
  Moderation1795981165202,
  RoomEvents1795981825155,
  CrowdSettings1795990001000,
  CrowdThreshold1795995001000,
  Guardrails1796000001000,
  FallbackPick1796230001000,
];
