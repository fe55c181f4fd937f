/**
 * The place for the guardrails (explicit tracks allowed, longest track, tracks per artist) once
 * the API serves them (`explicitAllowed`, `maxTrackSeconds`, `maxPerArtist` on Room and
 * updateRoom): add them to RoomSettings_room and UpdateRoom, then render their fields here.
 * Until they are in src/schema.gql there is nothing to show.
 */
export function GuardrailSettings() {
  return null;
}
