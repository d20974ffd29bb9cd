// The ComfyUI graph reader on graphs built here: which sampler speaks for the image, and bounded,
// linear work on hostile graphs (a crafted chain of 8,000 samplers took minutes when every chain
// step walked the graph again).
import { describe, expect, it } from 'vitest';
import { apiGraphFrom, extractComfyGraph, MAX_GRAPH_NODES } from './comfyui.ts';

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

function baseGraph(): Graph {
  return {
    ckpt: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'model.safetensors' } },
    pos: { class_type: 'CLIPTextEncode', inputs: { text: 'a lighthouse at dusk', clip: ['ckpt', 1] } },
    neg: { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['ckpt', 1] } },
    latent: { class_type: 'EmptyLatentImage', inputs: { width: 832, height: 1216, batch_size: 1 } },
  };
}

function sampler(seed: number, latentFrom: string): Graph[string] {
  return {
    class_type: 'KSampler',
    inputs: {
      seed,
      steps: 20,
      cfg: 7,
      sampler_name: 'euler',
      scheduler: 'normal',
      denoise: 1,
      model: ['ckpt', 0],
      positive: ['pos', 0],
      negative: ['neg', 0],
      latent_image: [latentFrom, 0],
    },
  };
}

/** `count` samplers, each refining the previous one's latent, then a decode and a save. */
function chainedSamplers(count: number): Graph {
  const graph = baseGraph();
  for (let i = 0; i < count; i++) graph[`s${i}`] = sampler(1000 + i, i === 0 ? 'latent' : `s${i - 1}`);
  graph.decode = { class_type: 'VAEDecode', inputs: { samples: [`s${count - 1}`, 0], vae: ['ckpt', 2] } };
  graph.save = { class_type: 'SaveImage', inputs: { images: ['decode', 0], filename_prefix: 'x' } };
  return graph;
}

const read = (graph: Graph) => {
  const api = apiGraphFrom(graph);
  return api === undefined ? undefined : extractComfyGraph(api);
};

describe('extractComfyGraph', () => {
  it('reports the first pass of the chain that reaches the saved image', () => {
    expect(read(chainedSamplers(3))).toEqual({
      prompt: 'a lighthouse at dusk',
      negativePrompt: 'blurry',
      seed: 1000,
      steps: 20,
      cfgScale: 7,
      sampler: 'euler',
      scheduler: 'normal',
      model: 'model.safetensors',
      width: 832,
      height: 1216,
    });
  });

  it('prefers the longest chain among several outputs', () => {
    const graph = chainedSamplers(2);
    graph.other = sampler(77, 'latent');
    graph.decode2 = { class_type: 'VAEDecode', inputs: { samples: ['other', 0] } };
    graph.preview = { class_type: 'PreviewImage', inputs: { images: ['decode2', 0] } };
    expect(read(graph)?.seed).toBe(1000);
  });

  it('without an output node, takes the longest sampler chain', () => {
    const graph = chainedSamplers(4);
    delete graph.save;
    graph.lonely = sampler(5, 'latent');
    expect(read(graph)?.seed).toBe(1000);
  });

  it('survives cycles on the picture line', () => {
    const graph = chainedSamplers(2);
    (graph.s0 as Graph[string]).inputs.latent_image = ['s1', 0];
    expect(() => read(graph)).not.toThrow();
  });

  it('reads a chain of 8,000 samplers (the crafted 1.1 MB file) in linear time', () => {
    // Quadratic-per-candidate code needed minutes here; linear code takes milliseconds.
    const graph = chainedSamplers(8_000);
    delete graph.save; // every sampler becomes a candidate: the worst case
    expect(read(graph)?.seed).toBe(1000);
  });

  it('does not read graphs beyond MAX_GRAPH_NODES', () => {
    const graph = chainedSamplers(MAX_GRAPH_NODES + 1);
    expect(read(graph)).toBeUndefined();
  });
});
