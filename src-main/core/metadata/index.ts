// Image generation metadata: PNG text chunks, the A1111 parameters format, Easel's own record,
// other tools' formats on import, and stripping for export. Plain Node (sharp, zlib), no Electron.
export { readPngTextChunks, writePngTextChunks, stripPngMetadata } from './png-chunks.ts';
export type { TextChunk, TextChunkInput } from './png-chunks.ts';
export { formatA1111Parameters, parseA1111Parameters } from './a1111.ts';
export type { A1111Parameters } from './a1111.ts';
export { readImageMetadata, stripMetadata } from './read.ts';
export { embedGenerationMetadata, imageSize } from './embed.ts';
export type { EmbedInput } from './embed.ts';
export { interpretFields, EASEL_KEYWORD, PARAMETERS_KEYWORD } from './interpret.ts';
export type { EaselMetadata, ImportedMetadata, SourceTool } from './interpret.ts';
export { detectFormat } from './containers.ts';
export type { ContainerFormat } from './containers.ts';
