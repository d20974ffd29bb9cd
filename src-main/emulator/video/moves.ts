// The camera move a Ray2 prompt asks for, read from its words the way a person would ("the camera
// pushes in", "orbit to the left", "crane up"), and the ffmpeg zoompan expressions that play it
// over frame0. No move named: a static shot.
export type EmulatedMove =
  | 'static'
  | 'push-in'
  | 'pull-out'
  | 'orbit-left'
  | 'orbit-right'
  | 'pan-left'
  | 'pan-right'
  | 'crane-up'
  | 'crane-down';

const RULES: readonly (readonly [RegExp, EmulatedMove])[] = [
  [/\b(push(es|ing)?|dolly|zoom(s|ing)?)\s+in\b/i, 'push-in'],
  [/\b(pull(s|ing)?|dolly|zoom(s|ing)?)\s+(out|back)\b/i, 'pull-out'],
  [/\borbit(s|ing)?\b[^.]*\bleft\b/i, 'orbit-left'],
  [/\borbit(s|ing)?\b[^.]*\bright\b/i, 'orbit-right'],
  [/\bpan(s|ning)?\s+(to the\s+)?left\b/i, 'pan-left'],
  [/\bpan(s|ning)?\s+(to the\s+)?right\b/i, 'pan-right'],
  [/\b(crane|pedestal|tilt)(s|ing)?\s+up\b/i, 'crane-up'],
  [/\b(crane|pedestal|tilt)(s|ing)?\s+down\b/i, 'crane-down'],
];

export function moveInPrompt(prompt: string): EmulatedMove {
  for (const [pattern, move] of RULES) if (pattern.test(prompt)) return move;
  return 'static';
}

/**
 * zoompan's z, x, y over output frame `on` of `frames`: a zoom between 1 and 1.3, and for sideways
 * moves a fixed 1.25 zoom whose window travels across the picture (orbits add a slight zoom).
 */
export function zoompanExpressions(move: EmulatedMove, frames: number): { z: string; x: string; y: string } {
  const p = `(on/${Math.max(1, frames - 1)})`;
  const centreX = 'iw/2-iw/zoom/2';
  const centreY = 'ih/2-ih/zoom/2';
  const travelX = (from: number, to: number): string => `(iw-iw/zoom)*(${from}+(${to - from})*${p})`;
  const travelY = (from: number, to: number): string => `(ih-ih/zoom)*(${from}+(${to - from})*${p})`;
  switch (move) {
    case 'push-in':
      return { z: `1+0.3*${p}`, x: centreX, y: centreY };
    case 'pull-out':
      return { z: `1.3-0.3*${p}`, x: centreX, y: centreY };
    case 'pan-left':
      return { z: '1.25', x: travelX(1, 0), y: centreY };
    case 'pan-right':
      return { z: '1.25', x: travelX(0, 1), y: centreY };
    case 'orbit-left':
      return { z: `1.25+0.05*${p}`, x: travelX(0, 1), y: centreY };
    case 'orbit-right':
      return { z: `1.25+0.05*${p}`, x: travelX(1, 0), y: centreY };
    case 'crane-up':
      return { z: '1.25', x: centreX, y: travelY(1, 0) };
    case 'crane-down':
      return { z: '1.25', x: centreX, y: travelY(0, 1) };
    case 'static':
      return { z: '1.05', x: centreX, y: centreY };
  }
}
