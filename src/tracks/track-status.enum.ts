export enum TrackStatus {
  QUEUED = 'QUEUED',
  READY = 'READY',
  PLAYING = 'PLAYING',
  PLAYED = 'PLAYED',
  SKIPPED = 'SKIPPED',
  /** Taken out by the host or a co-host: for good, never added or voted on again. */
  REMOVED = 'REMOVED',
}
