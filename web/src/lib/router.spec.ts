import { describe, expect, it } from '@jest/globals';
import { routeOf } from './router';

describe('routeOf', () => {
  it('reads the join link and the room, upper-casing the code', () => {
    expect(routeOf('/join/abc234')).toEqual({ name: 'join', code: 'ABC234' });
    expect(routeOf('/room/ABC234/')).toEqual({ name: 'room', code: 'ABC234' });
  });

  it('sends anything else home', () => {
    expect(routeOf('/')).toEqual({ name: 'home' });
    expect(routeOf('/join/TOOLONGCODE')).toEqual({ name: 'home' });
  });
});
