import { describe, expect, it } from 'vitest';
import { Scene } from './scene.ts';

const img = (imageId: string, x = 0) => ({ imageId, x, y: 0, width: 100, height: 80 });

describe('Scene', () => {
  it('adds items on top with rising z and bumps the version on each change', () => {
    const scene = new Scene();
    const v0 = scene.version;
    const [a, b] = scene.add([img('1'), img('2', 200)]);
    expect(scene.version).toBe(v0 + 1);
    expect(scene.ordered().map((i) => i.key)).toEqual([a, b]);
    expect(scene.get(b ?? '')?.z).toBeGreaterThan(scene.get(a ?? '')?.z ?? Infinity);
  });

  it('undoes and redoes adds, moves and removes, in order', () => {
    const scene = new Scene();
    const [a = ''] = scene.add([img('1')]);
    scene.update([a], (i) => ({ x: i.x + 50 }));
    scene.remove([a]);
    expect(scene.size).toBe(0);
    expect(scene.undo()).toBe(true);
    expect(scene.get(a)?.x).toBe(50);
    expect(scene.undo()).toBe(true);
    expect(scene.get(a)?.x).toBe(0);
    expect(scene.undo()).toBe(true);
    expect(scene.size).toBe(0);
    expect(scene.undo()).toBe(false);
    expect(scene.redo()).toBe(true);
    expect(scene.redo()).toBe(true);
    expect(scene.get(a)?.x).toBe(50);
    // A new edit clears the redo stack.
    scene.update([a], () => ({ y: 9 }));
    expect(scene.canRedo()).toBe(false);
  });

  it('a gesture (checkpoint, transient updates, end) is one undo step and announces one edit', () => {
    const scene = new Scene();
    const [a = ''] = scene.add([img('1')]);
    const changes: string[] = [];
    scene.subscribe((c) => changes.push(c));
    scene.checkpoint();
    for (let i = 1; i <= 5; i++) scene.update([a], () => ({ x: i * 10 }), { record: false });
    scene.endGesture();
    expect(changes).toEqual(['transient', 'transient', 'transient', 'transient', 'transient', 'edit']);
    expect(scene.get(a)?.x).toBe(50);
    scene.undo();
    expect(scene.get(a)?.x).toBe(0);
    scene.undo();
    expect(scene.size).toBe(0);
  });

  it('a gesture that changed nothing leaves no undo step', () => {
    const scene = new Scene();
    scene.add([img('1')]);
    scene.checkpoint();
    scene.endGesture();
    scene.undo();
    expect(scene.size).toBe(0);
    expect(scene.canUndo()).toBe(false);
  });

  it('reorders: front, back, forward and backward past one neighbour', () => {
    const scene = new Scene();
    const [a = '', b = '', c = ''] = scene.add([img('a'), img('b'), img('c')]);
    const order = () =>
      scene
        .ordered()
        .map((i) => i.imageId)
        .join('');
    scene.reorder([a], 'front');
    expect(order()).toBe('bca');
    scene.reorder([a], 'back');
    expect(order()).toBe('abc');
    scene.reorder([a], 'forward');
    expect(order()).toBe('bac');
    scene.reorder([c], 'backward');
    expect(order()).toBe('bca');
    expect(scene.ordered().map((i) => i.z)).toEqual([0, 1, 2]);
    const v = scene.version;
    scene.reorder([b], 'back');
    expect(scene.version).toBe(v);
  });

  it('load replaces everything and clears history', () => {
    const scene = new Scene();
    scene.add([img('1')]);
    scene.load([{ ...img('9'), dbId: '3', z: 4 }]);
    expect(scene.canUndo()).toBe(false);
    expect(scene.ordered()[0]).toMatchObject({ imageId: '9', dbId: '3', z: 4, scale: 1 });
  });
});
