// Chat: talk to an image with a Converse model (Nova 2 Omni, preview). Whether it can be called
// (discovery decides), sending a turn (the profile's region and "Regions Easel may call" resolved
// here, as for a generation), cancelling one in flight, and reading threads back.
import type { ChatThread, ChatTurn } from '../../../src-shared/contract/index.ts';
import {
  converseAvailability,
  CONVERSE_MODELS,
  defaultAllowedRegions,
  type ConverseModelSpec,
  type RegionDiscovery,
} from '../../../src-shared/models/index.ts';
import { discoverImageModels } from '../bedrock/index.ts';
import type { ChatRunner, SentTurn } from '../chat/index.ts';
import { apiKeyFor, credentialsFor, resolveRegion } from '../credentials/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export interface ChatAvailability {
  modelId: string;
  label: string;
  preview: boolean;
  available: boolean;
  regions: string[];
  listed: boolean | 'unknown';
  problem: string | null;
}

export interface ChatSendOptions {
  threadId?: string;
  parentTurnId?: string;
  imageId?: string;
  profile?: string;
  region?: string;
}

const MODEL: ConverseModelSpec = CONVERSE_MODELS[0] as ConverseModelSpec;

export class ChatCalls {
  readonly #ctx: StudioContext;
  readonly #runner: ChatRunner;

  constructor(ctx: StudioContext, runner: ChatRunner) {
    this.#ctx = ctx;
    this.#runner = runner;
    // A turn left sending by a process that stopped: only the folder's sole user may settle it.
    if (ctx.recovered) ctx.storage.chat.recoverInterrupted();
  }

  #allowedRegions(profileRegion: string): string[] {
    return this.#ctx.storage.settings.read('bedrock.allowedRegions') ?? defaultAllowedRegions(profileRegion);
  }

  /**
   * Asks each region Easel may call what it lists (ListInferenceProfiles decides for a preview);
   * a region that cannot be asked keeps the built-in answer.
   */
  async chatAvailability(options: { profile?: string; region?: string } = {}): Promise<ChatAvailability> {
    const { env } = this.#ctx;
    const keys = await this.#ctx.apiKey();
    const apiKey = apiKeyFor(options.profile, env, keys);
    const profileRegion = await resolveRegion(options.profile, options.region, env, keys);
    const regions = [...new Set([profileRegion, ...this.#allowedRegions(profileRegion)])];
    const endpoint = env.AWS_ENDPOINT_URL_BEDROCK ?? env.AWS_ENDPOINT_URL;
    const discoveries: RegionDiscovery[] = await Promise.all(
      regions.map(async (region) => {
        try {
          const { summaries, profiles } = await discoverImageModels(
            {
              region,
              ...(apiKey === null ? { credentials: credentialsFor(options.profile, env) } : { apiKey }),
              ...(options.profile === undefined || apiKey !== null ? {} : { profile: options.profile }),
              ...(endpoint ? { endpoint } : {}),
            },
            { signal: AbortSignal.timeout(8_000) },
          );
          return { region, summaries, profiles };
        } catch {
          return { region, summaries: undefined, profiles: undefined };
        }
      }),
    );
    const found = converseAvailability(MODEL, discoveries);
    const available = found.regions.length > 0;
    return {
      modelId: MODEL.baseId,
      label: MODEL.label,
      preview: MODEL.preview,
      available,
      regions: found.regions,
      listed: found.listed,
      problem: available
        ? null
        : `${MODEL.label} is not offered to this account from ${regions.join(', ')}. It is a preview: ask AWS for access, or allow us-east-1, us-east-2 or us-west-2 in Settings (Regions Easel may call).`,
    };
  }

  /**
   * Sends one turn and waits for its end (see ChatRunner.send). Announces the turn as `chat.turn`.
   * @throws EaselError 'validation', 'not-found', 'no-region', 'model-not-available', 'budget-exceeded'
   */
  async chat(instruction: string, options: ChatSendOptions = {}): Promise<SentTurn> {
    this.#ctx.assertOpen();
    const { env } = this.#ctx;
    const keys = await this.#ctx.apiKey();
    apiKeyFor(options.profile, env, keys);
    const profileRegion = await resolveRegion(options.profile, options.region, env, keys);
    return this.#runner.send(
      {
        model: MODEL,
        instruction,
        profile: options.profile ?? null,
        profileRegion,
        allowedRegions: this.#allowedRegions(profileRegion),
        ...(options.threadId === undefined ? {} : { threadId: options.threadId }),
        ...(options.parentTurnId === undefined ? {} : { parentTurnId: options.parentTurnId }),
        ...(options.imageId === undefined ? {} : { imageId: options.imageId }),
      },
      (turn) => this.#ctx.emit({ name: 'chat.turn', payload: { turn } }),
    );
  }

  /** Cancels a turn in flight in this process; false when there is none with this id. */
  cancelChatTurn(turnId: string): boolean {
    return this.#runner.cancel(turnId);
  }

  chatThread(threadId: string): { thread: ChatThread; turns: ChatTurn[] } {
    return { thread: this.#ctx.storage.chat.thread(threadId), turns: this.#ctx.storage.chat.turns(threadId) };
  }

  /** The turn whose reply holds this image (to continue a thread from one of its images), or null. */
  chatTurnMaking(imageId: string): ChatTurn | null {
    return this.#ctx.storage.chat.turnMaking(imageId);
  }

  chatThreads(options: { imageId?: string; limit?: number } = {}): ChatThread[] {
    return this.#ctx.storage.chat.threads(options);
  }
}

export function chatHandlers(chat: ChatCalls) {
  return {
    'chat.availability': async (req) =>
      chat.chatAvailability({
        ...(req.profile ? { profile: req.profile } : {}),
        ...(req.region ? { region: req.region } : {}),
      }),
    'chat.send': async (req) => {
      const { instruction, ...options } = req;
      return chat.chat(instruction, options);
    },
    'chat.cancel': async (req) => ({ cancelled: chat.cancelChatTurn(req.turnId) }),
    'chat.thread': async (req) => chat.chatThread(req.threadId),
    'chat.threads': async (req) => ({
      threads: chat.chatThreads({ limit: req.limit, ...(req.imageId ? { imageId: req.imageId } : {}) }),
    }),
  } satisfies Pick<StudioHandlers, 'chat.availability' | 'chat.send' | 'chat.cancel' | 'chat.thread' | 'chat.threads'>;
}
