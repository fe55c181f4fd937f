/**
 * A statement with `?` placeholders as SQLite text with its parameters written in as literals,
 * for a script of several statements sent to sqlite3's `exec` at once (which binds nothing).
 * SQLite's string literals have one escape, a doubled quote, so a value cannot end its literal:
 * `it's` is `'it''s'`. What cannot be written exactly as a literal is refused with a TypeError
 * (the caller's bug, never a user's input passing through): a string holding NUL (exec reads the
 * script as a C string, and would stop there), a number that is not finite, and any value that is
 * not a string, a finite number, a bigint, a boolean, null or bytes.
 *
 * Placeholders are the `?` outside quotes and comments; numbered ones (`?1`, `:name`) are refused,
 * and the count of parameters must match.
 */
export function inlineSqliteParams(sql: string, params: readonly unknown[]): string {
  let out = '';
  let from = 0;
  let used = 0;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    if (char === "'" || char === '"' || char === '`' || char === '[') {
      // A quoted literal or identifier runs to its closing quote ('' inside is an escaped ').
      const close = char === '[' ? ']' : char;
      let end = sql.indexOf(close, i + 1);
      while (end !== -1 && close !== ']' && sql[end + 1] === close) {
        end = sql.indexOf(close, end + 2);
      }
      if (end === -1) throw new TypeError(`Unterminated ${char} in SQL: ${sql}`);
      i = end;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (char === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new TypeError(`Unterminated comment in SQL: ${sql}`);
      i = end + 1;
    } else if (char === '?' || char === ':' || char === '@' || char === '$') {
      if (char !== '?' || /[0-9]/.test(sql[i + 1] ?? '')) {
        // `::` is not SQLite syntax either; every named or numbered parameter is refused.
        throw new TypeError(`Only ? placeholders can be written in: ${sql}`);
      }
      if (used >= params.length) throw new TypeError(`More placeholders than parameters: ${sql}`);
      out += sql.slice(from, i) + sqliteLiteral(params[used++]);
      from = i + 1;
    }
  }
  if (used !== params.length) {
    throw new TypeError(`${params.length} parameters for ${used} placeholders: ${sql}`);
  }
  return out + sql.slice(from);
}

/** One value as a SQLite literal of the type sqlite3 would bind it as. */
export function sqliteLiteral(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (value.includes('\0')) throw new TypeError('A string with NUL cannot be written in');
      return `'${value.replaceAll("'", "''")}'`;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written in`);
      // sqlite3 binds a 32-bit integer as an INTEGER and any other number as a REAL.
      if ((value | 0) === value) return String(value);
      return /[.e]/.test(String(value)) ? String(value) : `${value}.0`;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? '1' : '0';
    case 'object':
      if (value === null) return 'NULL';
      if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
      break;
    case 'undefined':
    case 'function':
    case 'symbol':
      break;
  }
  throw new TypeError(`A ${typeof value} cannot be written in as a SQLite literal`);
}
