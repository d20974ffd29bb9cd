// The spend rules of README.md ("Spend rules" → "How a running job ends"), row by row: each row is
// one line of that table — how far the job got, how it ended, its status and the ledger entries.
import { describe, expect, it } from 'vitest';
import { EaselError, type ErrorCode } from '../../../src-shared/errors.ts';
import { GenerationParamsSchema } from '../../../src-shared/domain.ts';
import { priceMicroUsd, type PriceQuote } from '../../../src-shared/models/index.ts';
import { ledgerCharge, outcomeOfError, settle, type JobOutcome, type JobPhase, type LedgerMove } from './settle.ts';

const failed = (code: ErrorCode, network?: 'before-send' | 'maybe-sent'): JobOutcome => ({
  kind: 'failed',
  error: { code, message: `${code} happened` },
  ...(network ? { network: { phase: network, detail: 'ECONNRESET' } } : {}),
});

type Row = [
  rule: string,
  phase: JobPhase,
  outcome: JobOutcome,
  status: string,
  ledger: LedgerMove,
  code: string | null,
];

const image: JobOutcome = { kind: 'image' };
const filtered: JobOutcome = { kind: 'filtered', reason: null };
const modelError: JobOutcome = { kind: 'model-error', reason: 'ERROR' };
const cancelled: JobOutcome = { kind: 'cancelled' };
const closed: JobOutcome = { kind: 'closed' };
const diskFull: JobOutcome = {
  kind: 'disk-full',
  error: { code: 'io', message: 'Disk full: about 23.0 MB needed at /data.' },
};

// prettier-ignore
const ROWS: Row[] = [
  // rule (README)                         phase         outcome                           status         ledger               error code
  // An answer is billed.
  ['succeeded',                            'answered',   image,                            'succeeded',   'release+charge',    null],
  ['filtered',                             'answered',   filtered,                         'filtered',    'release+charge',    'content-filtered'],
  ['model error finish reason',            'answered',   modelError,                       'failed',      'release+charge',    'model-error'],
  ['malformed 200 body',                   'maybe-sent', failed('malformed-response'),     'failed',      'release+charge',    'malformed-response'],
  ['malformed answer',                     'answered',   failed('malformed-response'),     'failed',      'release+charge',    'malformed-response'],
  ['storing the image failed',             'answered',   failed('internal'),               'failed',      'release+charge',    'internal'],
  ['network failure after the answer',     'answered',   failed('network', 'maybe-sent'),  'failed',      'release+charge',    'network'],
  // Refused: by Easel before sending (an invalid request never reaches Bedrock), or by Bedrock.
  ['refused by Easel: validation',         'not-sent',   failed('validation'),             'failed',      'release',           'validation'],
  ['refused by Easel: source missing',     'not-sent',   failed('not-found'),              'failed',      'release',           'not-found'],
  ['refused by Bedrock: validation',       'maybe-sent', failed('validation'),             'failed',      'release',           'validation'],
  ['refused by Bedrock: 4xx',              'maybe-sent', failed('access-denied'),          'failed',      'release',           'access-denied'],
  ['refused by Bedrock: end of life',      'maybe-sent', failed('model-end-of-life'),      'failed',      'release',           'model-end-of-life'],
  ['throttled after retries',              'maybe-sent', failed('throttled'),              'failed',      'release',           'throttled'],
  ['5xx after retries',                    'maybe-sent', failed('service-unavailable'),    'failed',      'release',           'service-unavailable'],
  ['credentials rejected',                 'maybe-sent', failed('credentials-rejected'),   'failed',      'release',           'credentials-rejected'],
  // Our own per-attempt timeout: the request may have been processed.
  ['our per-attempt timeout',              'maybe-sent', failed('timeout'),                'failed',      'release+uncertain', 'timeout'],
  // Network: was the request written?
  ['network, after it was sent',           'maybe-sent', failed('network', 'maybe-sent'),  'failed',      'release+uncertain', 'network'],
  ['network, before it was sent',          'maybe-sent', failed('network', 'before-send'), 'queued',      'keep-reservation',  'network'],
  ['network, body not built yet',          'not-sent',   failed('network', 'maybe-sent'),  'queued',      'keep-reservation',  'network'],
  // Cancel (a running job).
  ['cancel, not yet sent',                 'not-sent',   cancelled,                        'cancelled',   'release',           'aborted'],
  ['cancel, sent, no answer yet',          'maybe-sent', cancelled,                        'cancelled',   'release+uncertain', 'aborted'],
  ['cancel, answered',                     'answered',   cancelled,                        'cancelled',   'release+charge',    'aborted'],
  // Close.
  ['close, not yet sent',                  'not-sent',   closed,                           'queued',      'keep-reservation',  null],
  ['close, sent, no answer yet',           'maybe-sent', closed,                           'interrupted', 'release+uncertain', 'aborted'],
  ['close, answered',                      'answered',   closed,                           'interrupted', 'release+charge',    'aborted'],
  // Spooled: the answer is durably in <data>/spool; recovery finishes a stopped run from it, once.
  ['recovered from the spool: image',      'spooled',    image,                            'succeeded',   'release+charge',    null],
  ['recovered from the spool: filtered',   'spooled',    filtered,                         'filtered',    'release+charge',    'content-filtered'],
  ['recovered from the spool: unreadable', 'spooled',    failed('malformed-response'),     'failed',      'release+charge',    'malformed-response'],
  ['cancel, spooled',                      'spooled',    cancelled,                        'cancelled',   'release+charge',    'aborted'],
  ['close, spooled',                       'spooled',    closed,                           'interrupted', 'release+charge',    'aborted'],
  // Disk full.
  ['disk full, answer spooled: held',      'spooled',    diskFull,                         'saving',      'keep-reservation',  'io'],
  ['disk full, answer not spooled',        'answered',   diskFull,                         'failed',      'release+charge',    'io'],
  ['disk full, sent, no answer yet',       'maybe-sent', diskFull,                         'failed',      'release+uncertain', 'io'],
  ['disk full, not yet sent',              'not-sent',   diskFull,                         'failed',      'release',           'io'],
];

describe('settle: the spend rules of the README', () => {
  it.each(ROWS)('%s (%s) → %s, %s', (_rule, phase, outcome, status, ledger, code) => {
    const settlement = settle(phase, outcome);
    expect(settlement.status).toBe(status);
    expect(settlement.ledger).toBe(ledger);
    expect(settlement.error?.code ?? null).toBe(code);
  });

  it('only a network failure before sending takes the queue offline; close requeues quietly', () => {
    expect(settle('maybe-sent', failed('network', 'before-send'))).toMatchObject({
      waitingForNetwork: true,
      error: { retryable: true, message: /Waiting for the network/ },
    });
    expect(settle('not-sent', { kind: 'closed' }).waitingForNetwork).toBe(false);
    expect(settle('maybe-sent', failed('network', 'maybe-sent')).waitingForNetwork).toBe(false);
  });

  it('says what the user needs to know: billed filters, the broken connection, the refusal as Bedrock said it', () => {
    expect(settle('answered', { kind: 'filtered', reason: 'CONTENT_FILTERED' }).error?.message).toMatch(
      /\(CONTENT_FILTERED\)\. It is charged/,
    );
    expect(settle('maybe-sent', failed('network', 'maybe-sent')).error?.message).toMatch(
      /broke after the request was sent \(ECONNRESET\).*did not send it again/,
    );
    expect(settle('maybe-sent', failed('throttled')).error).toEqual({
      code: 'throttled',
      message: 'throttled happened',
    });
    expect(settle('not-sent', { kind: 'cancelled' }).error?.message).toBe('Cancelled by you.');
    expect(settle('answered', { kind: 'closed' }).error?.message).toMatch(/Easel was closed/);
  });
});

describe('outcomeOfError: how a thrown run ended', () => {
  const reset = new EaselError('network', 'connection reset', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
  });
  const refused = new EaselError('network', 'connection refused', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' }),
  });
  const calm = { aborted: false, closing: false, brokenAfterSend: null };

  it('an aborted signal is the user cancelling, or Easel closing', () => {
    expect(outcomeOfError(new EaselError('aborted', 'x'), calm)).toEqual({ kind: 'cancelled' });
    expect(outcomeOfError(new Error('any'), { ...calm, aborted: true })).toEqual({ kind: 'cancelled' });
    expect(outcomeOfError(new Error('any'), { ...calm, aborted: true, closing: true })).toEqual({ kind: 'closed' });
  });

  it('a network failure carries whether the request may have been written', () => {
    expect(outcomeOfError(reset, calm)).toMatchObject({ network: { phase: 'maybe-sent', detail: 'ECONNRESET' } });
    expect(outcomeOfError(refused, calm)).toMatchObject({ network: { phase: 'before-send' } });
  });

  it('the break that stopped the retries wins over the abort it caused, but not over a cancel', () => {
    const stopped = new EaselError('aborted', 'retries stopped');
    expect(outcomeOfError(stopped, { ...calm, brokenAfterSend: reset })).toMatchObject({
      kind: 'failed',
      error: { code: 'network' },
      network: { phase: 'maybe-sent' },
    });
    expect(outcomeOfError(stopped, { ...calm, aborted: true, brokenAfterSend: reset })).toEqual({ kind: 'cancelled' });
  });

  it('anything that is not an EaselError is an internal failure', () => {
    expect(outcomeOfError(new TypeError('boom'), calm)).toMatchObject({ kind: 'failed', error: { code: 'internal' } });
  });
});

describe('ledgerCharge: the entry after the release', () => {
  const params = GenerationParamsSchema.parse({ modelId: 'stability.stable-image-core-v1:1', prompt: 'a fox' });
  // Core has a price (the first test checks it): the quote's known branch, where the price is a number.
  const quoted = priceMicroUsd(params) as Extract<PriceQuote, { known: true }>;

  it('charges the price reserved when the job was queued, naming its source', () => {
    expect(quoted.known).toBe(true);
    const job = { params, estimateMicroUsd: quoted.perImageMicroUsd, unpriced: false };
    expect(ledgerCharge('release+charge', job, {})).toEqual({
      kind: 'charge',
      amountMicroUsd: quoted.perImageMicroUsd,
      priceSource: quoted.source,
    });
    expect(ledgerCharge('release+uncertain', job, {})).toEqual({ kind: 'uncertain' });
    expect(ledgerCharge('release', job, {})).toEqual({ kind: 'none' });
  });

  it('a price changed since the job was queued does not change its charge', () => {
    const job = { params, estimateMicroUsd: quoted.perImageMicroUsd, unpriced: false };
    const overrides = { [quoted.entryKey ?? '']: quoted.perImageMicroUsd * 2 };
    expect(ledgerCharge('release+charge', job, overrides)).toEqual({
      kind: 'charge',
      amountMicroUsd: quoted.perImageMicroUsd,
      priceSource: 'price quoted when queued',
    });
  });

  it('a job queued with no known price is charged as unpriced (amount 0, flagged), never as $0.00', () => {
    const job = { params, estimateMicroUsd: 0, unpriced: true };
    expect(ledgerCharge('release+charge', job, {})).toEqual({
      kind: 'charge',
      amountMicroUsd: 0,
      priceSource: 'unpriced',
      unpriced: true,
    });
    expect(ledgerCharge('release+uncertain', job, {})).toEqual({ kind: 'uncertain' });
  });
});
