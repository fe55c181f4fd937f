export enum RoomStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
