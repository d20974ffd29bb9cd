// The Bedrock API key kept for the app: pasted once in Settings, kept encrypted by a SecretStore the
// shell provides (Electron safeStorage; tests a plain store), used for every call while it is set.
// A key in Settings wins over AWS_BEARER_TOKEN_BEDROCK. No answer of this file carries the key: the
// status says only whether one is set, where from, and `ABSK…1234`.
import { maskApiKey } from '../../../src-shared/bedrock-api-key.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { API_KEY_ENV, checkApiKey, environmentApiKey, type BedrockApiKey } from '../credentials/index.ts';
import type { CallResponse, Env, StudioHandlers } from './context.ts';

/**
 * Where the app keeps secrets, encrypted by the operating system (the shell implements it with
 * Electron's safeStorage: src-main/electron/secret-store.ts). Core never sees how.
 */
export interface SecretStore {
  /** Null when secrets can be kept; otherwise why not, in words for the user. Nothing is stored then. */
  unavailableReason(): string | null;
  /** The secret, or null when none is kept (or it can no longer be decrypted). */
  read(name: string): Promise<string | null>;
  write(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
}

/** The SecretStore entry of the Bedrock API key. */
export const API_KEY_SECRET = 'bedrock-api-key';

export type ApiKeyStatus = CallResponse<'apiKey.status'>;

const NO_STORE = `Only the Easel app can keep a Bedrock API key (in the system's secure storage). Here, set ${API_KEY_ENV} instead.`;

/** The key in use now (Settings', else the environment's), read from the store once and then held here. */
export class ApiKeyVault {
  readonly #store: SecretStore | null;
  readonly #env: Env;
  /** undefined: not read from the store yet. */
  #stored: string | null | undefined;

  constructor(store: SecretStore | null, env: Env) {
    this.#store = store;
    this.#env = env;
  }

  async current(): Promise<BedrockApiKey | null> {
    const stored = await this.#read();
    return stored === null ? environmentApiKey(this.#env) : { key: stored, source: 'settings' };
  }

  async status(): Promise<ApiKeyStatus> {
    const current = await this.current();
    const storeProblem = this.#store === null ? NO_STORE : this.#store.unavailableReason();
    return {
      configured: current !== null,
      source: current?.source ?? null,
      masked: current === null ? null : maskApiKey(current.key),
      canStore: storeProblem === null,
      storeProblem,
    };
  }

  /** @throws EaselError 'validation' (not a key), 'io' (no secure storage: nothing is written). */
  async set(key: string): Promise<void> {
    const checked = checkApiKey(key);
    const store = this.#writableStore();
    await store.write(API_KEY_SECRET, checked);
    this.#stored = checked;
  }

  async clear(): Promise<void> {
    if (this.#store === null) return;
    await this.#store.remove(API_KEY_SECRET);
    this.#stored = null;
  }

  #writableStore(): SecretStore {
    if (this.#store === null) throw new EaselError('io', NO_STORE);
    const reason = this.#store.unavailableReason();
    if (reason !== null) throw new EaselError('io', reason);
    return this.#store;
  }

  async #read(): Promise<string | null> {
    if (this.#store === null) return null;
    if (this.#stored === undefined) {
      try {
        this.#stored = await this.#store.read(API_KEY_SECRET);
      } catch {
        // Unreadable (the system's keyring changed): as if none were kept; pasting it again replaces it.
        this.#stored = null;
      }
    }
    return this.#stored;
  }
}

export class ApiKeyCalls {
  readonly #vault: ApiKeyVault;

  constructor(vault: ApiKeyVault) {
    this.#vault = vault;
  }

  /** Whether a Bedrock API key is set, where from, masked; whether one can be kept here. */
  apiKeyStatus(): Promise<ApiKeyStatus> {
    return this.#vault.status();
  }

  /** Keeps the key (encrypted by the SecretStore) and uses it from the next call on. */
  async setApiKey(key: string): Promise<ApiKeyStatus> {
    await this.#vault.set(key);
    return this.#vault.status();
  }

  /** Forgets the kept key; AWS_BEARER_TOKEN_BEDROCK, when set, is used again. */
  async clearApiKey(): Promise<ApiKeyStatus> {
    await this.#vault.clear();
    return this.#vault.status();
  }
}

export function apiKeyHandlers(calls: ApiKeyCalls) {
  return {
    'apiKey.status': () => calls.apiKeyStatus(),
    'apiKey.set': (req) => calls.setApiKey(req.key),
    'apiKey.clear': () => calls.clearApiKey(),
  } satisfies Pick<StudioHandlers, 'apiKey.status' | 'apiKey.set' | 'apiKey.clear'>;
}
