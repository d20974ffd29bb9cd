import { describe, expect, it } from 'vitest';
import { moveInPrompt, zoompanExpressions } from './moves.ts';

describe('the camera move a prompt asks for', () => {
  it('reads the move from the words Easel (or a person) writes', () => {
    expect(moveInPrompt('a door. the camera pushes in slowly.')).toBe('push-in');
    expect(moveInPrompt('the camera pulls out slowly')).toBe('pull-out');
    expect(moveInPrompt('the camera orbits to the left around the subject')).toBe('orbit-left');
    expect(moveInPrompt('orbit right')).toBe('orbit-right');
    expect(moveInPrompt('the camera pans left')).toBe('pan-left');
    expect(moveInPrompt('pan to the right')).toBe('pan-right');
    expect(moveInPrompt('the camera cranes up')).toBe('crane-up');
    expect(moveInPrompt('crane down over the city')).toBe('crane-down');
    expect(moveInPrompt('a quiet lake')).toBe('static');
  });

  it('zooms in for push-in and travels the window across the picture for a pan', () => {
    expect(zoompanExpressions('push-in', 120).z).toBe('1+0.3*(on/119)');
    const pan = zoompanExpressions('pan-right', 120);
    expect([pan.z, pan.x]).toEqual(['1.25', '(iw-iw/zoom)*(0+(1)*(on/119))']);
  });
});
