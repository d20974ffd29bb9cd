// The contract's call map over the facade: one handler per call in src-shared/contract/. The gate
// (Electron IPC, the test bridge) has already parsed the request with the call's schema.
import type { CallResponse, StudioHandlers } from '../../../src-shared/contract/index.ts';
import type { ImageRecord, Job } from '../../../src-shared/domain.ts';
import { EaselError, ERROR_CODES, type ErrorData } from '../../../src-shared/errors.ts';
import type { ImageLineage, Studio } from '../studio.ts';

export type StudioHandlerMap = StudioHandlers;

type JobSummary = CallResponse<'jobs.get'>['job'];
type ImageSummary = CallResponse<'images.list'>['images'][number];

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function jobSummary(job: Job, waitingForNetwork = false): JobSummary {
  const error: ErrorData | null =
    job.errorCode === null && job.errorMessage === null
      ? null
      : {
          code: (CODES.has(job.errorCode ?? '') ? job.errorCode : 'internal') as ErrorData['code'],
          message: job.errorMessage ?? '',
        };
  return {
    id: job.id,
    status: job.status,
    modelId: job.modelId,
    prompt: job.params.prompt,
    profile: job.profile,
    region: job.region !== null && REGION.test(job.region) ? job.region : null,
    attempts: job.attempts,
    seed: job.seed,
    estimateMicroUsd: job.estimateMicroUsd,
    priceMicroUsd: job.priceMicroUsd,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    imageId: job.imageId,
    error,
    waitingForNetwork: waitingForNetwork && job.status === 'queued',
  };
}

export function imageSummary(image: ImageRecord): ImageSummary {
  return {
    id: image.id,
    width: image.width,
    height: image.height,
    createdAt: image.createdAt,
    source: image.source,
    favorite: image.favorite,
    prompt: image.prompt,
    seed: image.seed !== null && image.seed >= 0 ? image.seed : null,
    modelId: image.modelId,
  };
}

function imageDetail(image: ImageRecord, lineage: ImageLineage): CallResponse<'images.get'>['image'] {
  return {
    ...imageSummary(image),
    sha256: image.sha256,
    bytes: image.bytes,
    mimeType: `image/${image.format}`,
    rating: image.rating,
    generationId: image.generationId,
    modelId: image.modelId,
    prompt: image.prompt,
    negativePrompt: image.negativePrompt,
    seed: image.seed,
    parentImageId: lineage.parentImageId,
    editIds: lineage.editIds,
    profile: lineage.profile,
    region: lineage.region !== null && REGION.test(lineage.region) ? lineage.region : null,
    importedMetadata: image.source === 'imported' ? image.metadata : null,
  };
}

/** "Select all": ids matching the query (minus exceptIds) in pages of up to 10,000. */
const ID_PAGE = 10_000;

const PROFILE_KINDS = new Set(['static', 'sso', 'assume-role', 'credential-process', 'web-identity', 'unknown']);

export function createHandlers(studio: Studio): StudioHandlers {
  const summary = (job: Job) => jobSummary(job, studio.waitingForNetwork);
  return {
    'app.info': async () => studio.appInfo(),
    'profiles.list': async () => ({
      profiles: (await studio.listProfiles()).map((p) => ({
        name: p.name,
        kind: (PROFILE_KINDS.has(p.kind) ? p.kind : p.kind === 'environment' ? 'static' : 'unknown') as 'static',
        region: p.region !== undefined && REGION.test(p.region) ? p.region : null,
        isDefault: p.isDefault,
      })),
    }),
    'models.list': async (req) => {
      const listing = await studio.listModels({
        ...(req.profile ? { profile: req.profile } : {}),
        ...(req.region ? { region: req.region } : {}),
      });
      return {
        discovery: {
          ok: listing.discovered,
          error: listing.discovered
            ? null
            : (listing.error ?? {
                code: 'internal',
                message: listing.problem ?? 'The model list could not be fetched.',
              }),
        },
        models: listing.entries
          .filter((e) => e.usable)
          .map(({ spec }) => ({
            id: spec.id,
            label: spec.label,
            provider: spec.provider,
            family: spec.family,
            lifecycle: { status: spec.lifecycle.status, note: spec.lifecycle.note },
            tasks: [...spec.tasks],
          })),
      };
    },
    generate: async (req) => {
      const { jobs, warnings } = await studio.generate(req.params, {
        ...(req.profile ? { profile: req.profile } : {}),
        ...(req.region ? { region: req.region } : {}),
      });
      return {
        jobIds: jobs.map((j) => j.id),
        ...(warnings.length ? { warnings: warnings.map((w) => w.message) } : {}),
      };
    },
    'jobs.list': async (req) => ({
      jobs: studio
        .listJobs({
          limit: req.limit,
          ...(req.statuses ? { statuses: req.statuses } : {}),
          ...(req.before ? { before: req.before } : {}),
        })
        .map(summary),
    }),
    'jobs.get': async (req) => {
      const job = studio.getJob(req.jobId);
      return { job: summary(job), params: job.params };
    },
    'jobs.cancel': async (req) => ({ job: summary(studio.cancel(req.jobId)) }),
    'jobs.cancelAll': async () => ({ cancelled: studio.cancelAll() }),
    'jobs.retry': async (req) => ({ jobIds: studio.retry(req.jobId).jobs.map((j) => j.id) }),
    'jobs.concurrency': async (req) => {
      if (req.concurrency !== undefined) studio.setConcurrency(req.concurrency);
      return { concurrency: studio.concurrency, waitingForNetwork: studio.waitingForNetwork };
    },
    'images.get': async (req) => ({
      image: imageDetail(studio.getImage(req.imageId), studio.imageLineage(req.imageId)),
    }),
    'images.ids': async (req) => {
      const { exceptIds, cursor, ...query } = req;
      const except = new Set(exceptIds ?? []);
      const imageIds: string[] = [];
      let next: string | null = cursor ?? null;
      do {
        const page = studio.listImages({ ...query, limit: 1000, ...(next === null ? {} : { cursor: next }) });
        for (const image of page.images) if (!except.has(image.id)) imageIds.push(image.id);
        next = page.nextCursor;
      } while (next !== null && imageIds.length + 1000 <= ID_PAGE);
      return { imageIds, nextCursor: next };
    },
    // Done by the shell (hostFromStudio's platform hooks); the facade alone cannot.
    'shell.reveal': async () => {
      throw new EaselError('validation', 'Showing files in the file manager is not available here.');
    },
    'app.startDemo': async () => {
      throw new EaselError('validation', 'Demo mode cannot be started from here: run Easel with EASEL_DEMO=1.');
    },
    'data.info': async () => {
      const reason = studio.dataMoveRefusal();
      return {
        dataDir: studio.dataDir,
        previousDir: studio.previousDataDir(),
        movable: reason === null,
        notMovableReason: reason,
      };
    },
    // The shell wraps this to relaunch onto the new folder (hostFromStudio's platform.relaunch).
    'data.move': async (req) => ({ ...(await studio.moveDataFolder(req.folder)), restarting: false }),
    'images.list': async (req) => {
      const page = studio.listImages({
        limit: req.limit,
        ...(req.cursor ? { cursor: req.cursor } : {}),
        ...(req.favoritesOnly ? { favorite: true } : {}),
      });
      return { images: page.images.map(imageSummary), nextCursor: page.nextCursor };
    },
    'images.search': async (req) => {
      const page = studio.listImages(req);
      return { images: page.images.map(imageSummary), nextCursor: page.nextCursor };
    },
    'images.import': async (req) => {
      const results = await studio.importFiles(req.paths);
      return {
        imageIds: results.flatMap((r) => (r.imageId === undefined ? [] : [r.imageId])),
        failures: results.flatMap((r) =>
          r.status === 'failed'
            ? [{ path: r.file, error: r.error ?? { code: 'internal' as const, message: 'Import failed.' } }]
            : [],
        ),
      };
    },
    'images.export': async (req) => {
      const result = await studio.exportImages({
        folder: req.folder,
        withMetadata: req.withMetadata,
        sidecar: req.sidecar,
        ...(req.imageIds === undefined ? {} : { imageIds: req.imageIds }),
        ...(req.collectionId === undefined ? {} : { collectionId: req.collectionId }),
        ...(req.template === undefined ? {} : { template: req.template }),
        ...(req.overwrite === undefined ? {} : { overwrite: req.overwrite }),
      });
      return { folder: result.folder, files: result.files, totals: result.totals };
    },
    'images.update': async (req) => {
      if (req.favorite === undefined && req.rating === undefined)
        throw new EaselError('validation', 'Nothing to change: set favorite or rating.');
      return {
        updated: studio.updateImages(req.imageIds, {
          ...(req.favorite === undefined ? {} : { favorite: req.favorite }),
          ...(req.rating === undefined ? {} : { rating: req.rating }),
        }),
      };
    },
    'images.trash': async (req) => ({ count: studio.trashImages(req.imageIds) }),
    'images.restore': async (req) => ({ count: studio.restoreImages(req.imageIds) }),
    'images.purge': async (req) => {
      if (req.selection !== undefined) {
        if (req.imageIds !== undefined)
          throw new EaselError('validation', 'Purge either imageIds or a selection, not both.');
        const { exceptIds, ...query } = req.selection;
        return { count: await studio.purgeMatching(query, exceptIds ?? []) };
      }
      return { count: await studio.purgeImages(req.imageIds) };
    },
    'images.tags': async (req) => ({ tags: Object.fromEntries(studio.tagsOf(req.imageIds)) }),
    'library.check': async (req) => {
      const check = await studio.checkLibrary({ repair: req.repair });
      return {
        checkedRows: check.checkedRows,
        checkedFiles: check.checkedFiles,
        missingFiles: check.missingFiles.length,
        orphanFiles: check.orphanFiles.length,
        orphanThumbs: check.orphanThumbs.length,
        tempFiles: check.tempFiles.length,
        repaired: req.repair,
      };
    },
    'prompts.list': async (req) => ({
      prompts: studio.listPrompts({
        limit: req.limit,
        ...(req.text === undefined ? {} : { text: req.text }),
        ...(req.favoriteOnly === undefined ? {} : { favoriteOnly: req.favoriteOnly }),
      }),
    }),
    'prompts.favorite': async (req) => {
      studio.setPromptFavorite(req.promptId, req.favorite);
      return {};
    },
    'tags.list': async () => ({ tags: studio.listTags() }),
    'tags.add': async (req) => ({ count: studio.addTags(req.imageIds, req.names) }),
    'tags.remove': async (req) => ({ count: studio.removeTags(req.imageIds, req.names) }),
    'collections.list': async () => ({ collections: studio.listCollections() }),
    'collections.create': async (req) => ({ collection: studio.createCollection(req.name) }),
    'collections.delete': async (req) => {
      studio.deleteCollection(req.collectionId);
      return {};
    },
    'collections.items': async (req) => ({ imageIds: studio.collectionImageIds(req.collectionId) }),
    'collections.add': async (req) => {
      studio.addToCollection(req.collectionId, req.imageIds, req.index);
      return {};
    },
    'collections.remove': async (req) => {
      studio.removeFromCollection(req.collectionId, req.imageIds);
      return {};
    },
    'collections.reorder': async (req) => {
      studio.reorderCollection(req.collectionId, req.imageIds);
      return {};
    },
    'masks.create': async (req) => studio.createMask(req),
    'canvases.list': async () => ({ canvases: studio.listCanvases() }),
    'canvases.get': async (req) => ({ canvas: studio.getCanvas(req.canvasId) }),
    'canvases.create': async (req) => ({ canvas: studio.createCanvas(req.name) }),
    'canvases.save': async (req) => ({
      canvas: studio.saveCanvas(
        req.canvasId,
        req.items.map(({ id, ...rest }) => (id === undefined ? rest : { ...rest, id })),
      ),
    }),
    'canvases.delete': async (req) => {
      studio.deleteCanvas(req.canvasId);
      return {};
    },
    'spend.summary': async (req) => {
      const report = studio.spendReport({ ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) });
      return {
        ...report.summary,
        byModel: report.byModel,
        byDay: report.byDay,
        byProfile: report.byProfile,
        outcomes: report.outcomes,
        forecast: report.forecast,
      };
    },
    'spend.csv': async (req) => ({
      csv: studio.spendCsv({ ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) }),
    }),
    'spend.uncertain': async () => ({ jobs: studio.uncertainJobs().map(summary) }),
    'spend.resolve': async (req) => ({
      job: summary(
        studio.resolveUncertain(req.jobId, {
          billed: req.billed,
          ...(req.amountMicroUsd === undefined ? {} : { amountMicroUsd: req.amountMicroUsd }),
          ...(req.note === undefined ? {} : { note: req.note }),
        }),
      ),
    }),
    'budgets.get': async () => ({ budgets: studio.budgets() }),
    'budgets.set': async (req) => {
      if (req.limitMicroUsd === null) studio.clearBudget(req.period);
      else studio.setBudget({ period: req.period, limitMicroUsd: req.limitMicroUsd, hard: req.hard });
      return {};
    },
    'prices.get': async () => studio.priceTable(),
    'prices.set': async (req) => {
      studio.setPriceOverride(req.key, req.microUsd, req.note);
      return {};
    },
    'settings.get': async () => ({ settings: studio.settings() }),
    'settings.set': async (req) => {
      studio.setSetting(req);
      return {};
    },
  } satisfies StudioHandlers;
}
