// The layering of Easel as an allow-list (VS Code's idea: folder names are runtime layers and a lint
// rule says what each may import). Every file belongs to one layer below; an import that no policy
// allows is an error, and so is a file that no layer covers. ARCHITECTURE.md ("Layers") explains the table;
// test/lint/layers.test.ts proves it on probe snippets.
import boundaries from 'eslint-plugin-boundaries';

// The layers, most specific first: a file belongs to the first one whose folder holds it.
const elements = [
  { type: 'shared', pattern: 'src-shared', partialMatch: false },
  { type: 'renderer', pattern: 'src-renderer', partialMatch: false },
  // Each folder under core/ is a module; `module` captures its folder name.
  { type: 'core', pattern: 'src-main/core/*', capture: ['module'], partialMatch: false },
  { type: 'electron', pattern: 'src-main/electron', partialMatch: false },
  { type: 'cli', pattern: 'src-main/cli', partialMatch: false },
  { type: 'emulator', pattern: 'src-main/emulator', partialMatch: false },
  { type: 'bridge', pattern: 'test/bridge', partialMatch: false },
  { type: 'tests', pattern: 'test', partialMatch: false },
  { type: 'scripts', pattern: 'scripts', partialMatch: false },
  { type: 'tooling', pattern: ['bin', 'eslint'], partialMatch: false },
];

// Unit tests and their helpers sit beside the code they test and keep that code's layer.
const files = [
  { category: 'test', pattern: '**/*.test.{ts,tsx}' },
  { category: 'test', pattern: 'src-main/core/*/test-{support,helpers}.ts' },
];

const layer = (type) => ({ element: { type } });
const to = (...selectors) => selectors.map((selector) => ({ to: selector }));
const packages = (...names) => ({ module: { origin: 'external', source: names } });
const node = { module: { origin: 'core' } };
const anyLocal = { module: { origin: 'local' } };
const anyPackage = packages('*', '@*/*');

/** Inside core: any file of one's own module, another module only through its index.ts. */
const ownModule = { element: { type: 'core', captured: { module: '{{ from.element.captured.module }}' } } };
const moduleIndex = { element: { type: 'core', fileInternalPath: 'index.ts' } };
/** The facade: the one door of core for the shell (electron), the CLI and the test bridge. */
const facade = [
  { element: { type: 'core', captured: { module: 'studio' }, fileInternalPath: 'index.ts' } },
  // The light entry: where the data folder is, without loading SQLite, sharp or the AWS SDK.
  { element: { type: 'core', captured: { module: 'studio' }, fileInternalPath: 'location.ts' } },
];
const emulatorIndex = { element: { type: 'emulator', fileInternalPath: 'index.ts' } };
const corePackages = packages(
  'better-sqlite3',
  'sharp',
  '@aws-sdk/*',
  '@smithy/*',
  'zod',
  'yaml',
  'exif-reader',
  // core/video: the bundled ffmpeg (encode, join, poster frame) and a pure-TS MP4 reader.
  '@ffmpeg-installer/ffmpeg',
  'mediabunny',
);

const policies = [
  { from: layer('shared'), allow: to(layer('shared'), packages('zod')) },
  {
    from: layer('renderer'),
    allow: to(
      layer('renderer'),
      layer('shared'),
      packages('react', 'react-dom', 'zustand', 'konva', 'react-konva', '@tanstack/*'),
    ),
  },
  { from: layer('core'), allow: to(ownModule, moduleIndex, layer('shared'), node, corePackages) },
  {
    from: layer('electron'),
    allow: to(
      layer('electron'),
      layer('shared'),
      ...facade,
      emulatorIndex, // demo mode runs the emulator in-process
      node,
      packages('electron', 'sharp', 'yaml', 'zod'),
    ),
  },
  { from: layer('cli'), allow: to(layer('cli'), layer('shared'), ...facade, node, packages('yaml', 'zod')) },
  {
    from: layer('emulator'),
    // @ffmpeg-installer/ffmpeg: the emulator's Luma Ray2 writes real H.264 MP4s.
    allow: to(layer('emulator'), node, packages('sharp', 'zod', '@smithy/*', '@ffmpeg-installer/ffmpeg')),
  },
  {
    from: layer('bridge'),
    allow: to(
      layer('bridge'),
      layer('shared'),
      ...facade,
      // The shell's Electron-free pieces (gate, protocol handlers, drag resolver, studio host), so
      // that e2e runs the same code; main.ts and preload.ts import electron and stay off-limits.
      { element: { type: 'electron', fileInternalPath: '!(main|preload).ts' } },
      emulatorIndex,
      layer('scripts'),
      node,
      packages('esbuild', 'zod'),
    ),
  },
  // Integration, e2e and bench tests and the build scripts may reach anything in the repository and
  // any package, but never Electron itself (test/support/fake-electron stands in for it where needed).
  { from: [layer('tests'), layer('scripts')], allow: to(anyLocal, node, anyPackage) },
  { from: [layer('tests'), layer('scripts')], disallow: to(packages('electron')) },
  { from: layer('tooling'), allow: to(anyLocal, node, anyPackage) },
  // A unit test keeps its layer's rules, plus the test runner and the shared test support.
  { from: { file: { categories: 'test' } }, allow: to(packages('vitest'), layer('tests')) },
];

export default [
  {
    // Root configuration files (eslint, vite, vitest) stand outside the layering.
    ignores: ['*.config.{js,ts}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': files,
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export', 'require'],
    },
    rules: {
      // The final block: a file that no layer covers is an error, whatever it imports.
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies },
      ],
    },
  },
];
