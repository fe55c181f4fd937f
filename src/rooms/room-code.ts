import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ROOM_CODE_PATTERN = /^[A-Za-z0-9]{6}$/;

/** A fresh room code: 6 characters from A–Z and 0–9, uniformly random. */
export function generateRoomCode(): string {
  return Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Codes are stored upper-case; lookups are case-insensitive. */
export function normaliseRoomCode(code: string): string {
  return code.trim().toUpperCase();
}
