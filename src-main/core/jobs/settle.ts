// The money rules of a job, as pure functions: the price reserved when it is queued, and how its end
// settles — how far the job got (its phase) and how it ended (its outcome) decide its status and
// what the ledger records. The rules are written in README.md ("Spend rules"); settle.test.ts
// mirrors them row by row.
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import type { GenerationParams, Job } from '../../../src-shared/domain.ts';
import { findModel, priceMicroUsd, type PriceOverrides, type PriceQuote } from '../../../src-shared/models/index.ts';
import type { OutcomeCharge, TerminalStatus } from '../storage/index.ts';
import { networkDetail, networkPhase, type NetworkPhase } from './network-phase.ts';

/**
 * How far a running job got. `not-sent`: claimed, its body being built; nothing reached Bedrock.
 * `maybe-sent`: an InvokeModel attempt began, so Bedrock may have the request (and bill it).
 * `answered`: Bedrock sent a response body back: the image is billed.
 * `spooled`: answered, and the body is durably in the spool (`<data>/spool/<jobId>.json`): if this
 * process stops, the next start finishes saving it from there (and charges it once).
 */
export type JobPhase = 'not-sent' | 'maybe-sent' | 'answered' | 'spooled';

/** How a run ended. */
export type JobOutcome =
  /** A usable image, stored. */
  | { kind: 'image' }
  /** The model's content filter blocked the image. */
  | { kind: 'filtered'; reason: string | null }
  /** The model answered with a failure of its own (a finish reason that is not success). */
  | { kind: 'model-error'; reason: string | null }
  /** The user cancelled the running job. */
  | { kind: 'cancelled' }
  /** Easel closed (`queue.close()`) while the job ran. */
  | { kind: 'closed' }
  /** The disk is full (a file write's ENOSPC, SQLite's SQLITE_FULL); the error says where and how much. */
  | { kind: 'disk-full'; error: ErrorData }
  /** Any other failure; for a network failure, whether the request may have been written. */
  | { kind: 'failed'; error: ErrorData; network?: { phase: NetworkPhase; detail: string | null } };

/**
 * What the ledger records: the job's reservation is released, then a charge, an `uncertain` entry
 * (possibly billed, until the user settles it) or nothing follows; or the job goes back to the queue
 * with its reservation kept as it is.
 */
export type LedgerMove = 'release+charge' | 'release+uncertain' | 'release' | 'keep-reservation';

export type Settlement =
  | {
      status: TerminalStatus;
      ledger: Exclude<LedgerMove, 'keep-reservation'>;
      /** What the job says went wrong. */
      error: ErrorData | null;
      waitingForNetwork: false;
    }
  | {
      /** Back in the queue, to run again. */
      status: 'queued';
      ledger: 'keep-reservation';
      /** What the job's update says (waiting for the network), else null. */
      error: ErrorData | null;
      /** Requeued because the network is down: the queue goes offline and probes. */
      waitingForNetwork: boolean;
    }
  | {
      /**
       * Held: the job stays `saving` with its reservation and its answer in the spool, and the
       * next start's recovery saves and charges it (the disk was full).
       */
      status: 'saving';
      ledger: 'keep-reservation';
      error: ErrorData;
      waitingForNetwork: false;
    };

const CANCELLED = 'Cancelled by you.';
const CLOSED = 'Easel was closed while this image was being generated.';
const WAITING_FOR_NETWORK = 'Waiting for the network: this image will be sent when the connection returns.';

/** The status and the ledger entries of a job that got as far as `phase` and ended with `outcome`. */
export function settle(phase: JobPhase, outcome: JobOutcome): Settlement {
  switch (outcome.kind) {
    case 'image':
      return finished('succeeded', 'release+charge', null);
    case 'filtered':
      return finished('filtered', 'release+charge', {
        code: 'content-filtered',
        message: `The model's content filter blocked this image${because(outcome.reason)}. It is charged: Bedrock bills filtered images. Change the prompt and try again.`,
      });
    case 'model-error':
      return finished('failed', 'release+charge', {
        code: 'model-error',
        message: `The model could not make this image${because(outcome.reason)}. Try again.`,
      });
    case 'cancelled':
      return finished('cancelled', spendInFlight(phase), { code: 'aborted', message: CANCELLED });
    case 'closed':
      // Not sent yet: it runs at the next start, as if it had never been claimed.
      if (phase === 'not-sent') return requeued(false);
      return finished('interrupted', spendInFlight(phase), { code: 'aborted', message: CLOSED });
    case 'disk-full':
      // The answer is safe in the spool: keep it there for the next start rather than charge for an image not kept.
      if (phase === 'spooled')
        return { status: 'saving', ledger: 'keep-reservation', error: outcome.error, waitingForNetwork: false };
      return finished('failed', spendInFlight(phase), outcome.error);
    case 'failed':
      return settleFailure(phase, outcome);
  }
}

/** Bedrock answered (the body is in hand, spooled or not): the image is billed. */
function isAnswered(phase: JobPhase): boolean {
  return phase === 'answered' || phase === 'spooled';
}

function settleFailure(phase: JobPhase, outcome: Extract<JobOutcome, { kind: 'failed' }>): Settlement {
  const { error, network } = outcome;
  if (error.code === 'network' && !isAnswered(phase)) {
    if (phase === 'not-sent' || network?.phase === 'before-send') return requeued(true);
    // The request was written and the connection broke: Bedrock may have made (and billed) it.
    const detail = network?.detail ? ` (${network.detail})` : '';
    return finished('failed', 'release+uncertain', {
      code: 'network',
      message: `The connection to Bedrock broke after the request was sent${detail}, so Bedrock may have made — and billed — this image. Easel did not send it again, to avoid paying twice: its estimate is kept as uncertain spend until you settle it (Spend → Uncertain). Retry the job if you want the image.`,
    });
  }
  // A response came back (or a 200 whose body Easel cannot read): Bedrock billed it.
  if (isAnswered(phase) || error.code === 'malformed-response') return finished('failed', 'release+charge', error);
  // Our own per-attempt timeout: Bedrock may still have processed the request.
  if (error.code === 'timeout') return finished('failed', 'release+uncertain', error);
  // Refused (by Bedrock, or by Easel before sending): nothing to pay.
  return finished('failed', 'release', error);
}

/** An aborted job: answered → billed; sent without an answer → Bedrock may bill it; not sent → free. */
function spendInFlight(phase: JobPhase): Exclude<LedgerMove, 'keep-reservation'> {
  if (isAnswered(phase)) return 'release+charge';
  return phase === 'maybe-sent' ? 'release+uncertain' : 'release';
}

function finished(
  status: TerminalStatus,
  ledger: Exclude<LedgerMove, 'keep-reservation'>,
  error: ErrorData | null,
): Settlement {
  return { status, ledger, error, waitingForNetwork: false };
}

function requeued(networkDown: boolean): Settlement {
  return {
    status: 'queued',
    ledger: 'keep-reservation',
    error: networkDown ? { code: 'network', message: WAITING_FOR_NETWORK, retryable: true } : null,
    waitingForNetwork: networkDown,
  };
}

function because(reason: string | null): string {
  return reason ? ` (${reason})` : '';
}

/**
 * The price of one image of a request about to be queued, reserved with each job. A model whose
 * price Easel does not know is refused while any hard budget is set: the budget could not hold.
 * @throws EaselError 'budget-exceeded'.
 */
export function reservationQuote(params: GenerationParams, overrides: PriceOverrides, hardBudget: boolean): PriceQuote {
  const quote = priceMicroUsd(params, overrides);
  if (!quote.known && hardBudget) {
    const model = findModel(params.modelId)?.label ?? params.modelId;
    throw new EaselError(
      'budget-exceeded',
      `Easel does not know what ${model} costs, so it cannot keep your hard budget. Set its price in Spend → Price table first.`,
    );
  }
  return quote;
}

/**
 * The ledger entry written after the release, for the outcome transaction. A charge is the price
 * quoted (and reserved) when the job was queued, so a hard budget holds; its source says where
 * that price came from.
 */
export function ledgerCharge(
  ledger: Exclude<LedgerMove, 'keep-reservation'>,
  job: Pick<Job, 'params' | 'estimateMicroUsd' | 'unpriced'>,
  overrides: PriceOverrides,
): OutcomeCharge {
  if (ledger === 'release') return { kind: 'none' };
  if (ledger === 'release+uncertain') return { kind: 'uncertain' };
  // Queued with no known price: an unpriced charge (amount 0, flagged), never a $0.00 one.
  if (job.unpriced) return { kind: 'charge', amountMicroUsd: 0, priceSource: 'unpriced', unpriced: true };
  const quote = priceMicroUsd(job.params, overrides);
  const priceSource = quote.perImageMicroUsd === job.estimateMicroUsd ? quote.source : 'price quoted when queued';
  return { kind: 'charge', amountMicroUsd: job.estimateMicroUsd, priceSource };
}

/**
 * The outcome of a run that threw. `brokenAfterSend` is the network failure that stopped the
 * client's retries because the request may have been written (it wins over the abort it caused);
 * an aborted signal means the user cancelled, or Easel closed.
 */
export function outcomeOfError(
  caught: unknown,
  context: { aborted: boolean; closing: boolean; brokenAfterSend: EaselError | null },
): JobOutcome {
  let error = asEaselError(caught);
  if (context.brokenAfterSend && !context.aborted) error = context.brokenAfterSend;
  if (error.code === 'aborted' || context.aborted) return { kind: context.closing ? 'closed' : 'cancelled' };
  if (error.code !== 'network') return { kind: 'failed', error: error.toData() };
  return {
    kind: 'failed',
    error: error.toData(),
    network: { phase: networkPhase(error), detail: networkDetail(error) },
  };
}

function asEaselError(error: unknown): EaselError {
  if (error instanceof EaselError) return error;
  return new EaselError(
    'internal',
    'Something went wrong inside Easel while generating this image. The details are in the log.',
    { cause: error },
  );
}
