export enum TrackStatus {
  QUEUED = 'QUEUED',
  READY = 'READY',
  PLAYING = 'PLAYING',
  PLAYED = 'PLAYED',
  SKIPPED = 'SKIPPED',
}
