export enum Role {
  HOST = 'HOST',
  GUEST = 'GUEST',
}
