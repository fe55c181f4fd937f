export enum Role {
  HOST = 'HOST',
  GUEST = 'GUEST',
  /** Appointed by the host: may remove tracks and guests, never change the room or roles. */
  CO_HOST = 'CO_HOST',
}
