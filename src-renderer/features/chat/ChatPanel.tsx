// The chat panel (beside the canvas, in place of History/Layers/Queue while open): the thread's
// turns in the list "Conversation" (each instruction, the reply's text and images, what it cost,
// "Branch from here"), the textbox "Message", Send, and Cancel while a turn is in flight.
import { useEffect, useRef } from 'react';
import type { ChatTurn } from '../../../src-shared/contract/index.ts';
import { formatPrice } from '../../../src-shared/money.ts';
import { imageUrl } from '../../api.ts';
import { useApp } from '../../store/index.ts';
import { appStore } from '../../store/index.ts';
import { branchFrom, cancelTurn, closeChat, sendMessage } from './actions.ts';
import './chat.css';

const STATUS_TEXT: Record<ChatTurn['status'], string> = {
  sending: 'Sending…',
  succeeded: '',
  filtered: 'Blocked by Bedrock’s content filters.',
  failed: 'Failed.',
  cancelled: 'Cancelled.',
  interrupted: 'Interrupted: Easel stopped while this turn was at Bedrock.',
};

function TurnItem({
  turn,
  previousId,
  replyingTo,
}: {
  turn: ChatTurn;
  previousId: string | null;
  replyingTo: boolean;
}) {
  const branched = turn.parentTurnId !== null && turn.parentTurnId !== previousId;
  const parentNumber = useApp((s) => s.chat.turns.find((t) => t.id === turn.parentTurnId)?.number);
  const cost = turn.status === 'sending' ? null : formatPrice(turn.priceMicroUsd);
  return (
    <li className="chat-turn" data-status={turn.status} data-turn-id={turn.id} aria-current={replyingTo || undefined}>
      <div className="chat-user">
        <span className="chat-number">{turn.number}</span>
        {branched && <span className="chat-branch">branch of turn {parentNumber ?? '?'} · </span>}
        {turn.instruction}
      </div>
      <div className="chat-reply">
        {turn.replyText ? <p className="chat-text">{turn.replyText}</p> : null}
        {turn.imageIds.length > 0 && (
          <div className="chat-images">
            {turn.imageIds.map((id) => (
              <img key={id} src={imageUrl(id, 'thumb')} alt={`Reply image ${id}`} />
            ))}
          </div>
        )}
        {STATUS_TEXT[turn.status] && <p className="chat-status">{turn.error?.message ?? STATUS_TEXT[turn.status]}</p>}
        <div className="chat-meta">
          {turn.usage && (
            <span className="muted">
              {turn.usage.inputTokens.toLocaleString()} in · {turn.usage.outputTokens.toLocaleString()} out tokens
            </span>
          )}
          {cost && turn.status !== 'failed' && <span className="muted">{cost}</span>}
          {turn.status === 'succeeded' && (
            <button type="button" className="link" onClick={() => branchFrom(turn.id)}>
              Branch from here
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

export function ChatPanel() {
  const chat = useApp((s) => s.chat);
  const listRef = useRef<HTMLOListElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [chat.turns.length]);
  useEffect(() => {
    if (chat.parentTurnId !== null) messageRef.current?.focus();
  }, [chat.parentTurnId]);
  const replyingTo = chat.parentTurnId === null ? null : chat.turns.find((t) => t.id === chat.parentTurnId);
  const unavailable = chat.availability !== null && !chat.availability.available;
  const label = chat.availability?.label ?? 'Nova 2 Omni (preview)';
  return (
    <aside className="right-panel chat-panel" aria-label="Chat">
      <header className="chat-header">
        <div>
          <h2>Chat</h2>
          <p className="muted">
            {label} · {chat.imageId ? `about image ${chat.imageId}` : 'from text'}
          </p>
        </div>
        <button type="button" onClick={closeChat} aria-label="Close chat">
          ×
        </button>
      </header>
      {unavailable && (
        <p className="chat-notice" role="status">
          {chat.availability?.problem}
        </p>
      )}
      <ol className="chat-turns" aria-label="Conversation" ref={listRef}>
        {chat.turns.map((turn, i) => (
          <TurnItem
            key={turn.id}
            turn={turn}
            previousId={chat.turns[i - 1]?.id ?? null}
            replyingTo={turn.id === chat.parentTurnId}
          />
        ))}
      </ol>
      {chat.turns.length === 0 && (
        <p className="chat-empty muted">Say what to change, e.g. “make the sky stormy, keep the lighthouse”.</p>
      )}
      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          void sendMessage();
        }}
      >
        {replyingTo && (
          <p className="chat-replying muted">
            Continuing from turn {replyingTo.number} (a new branch).{' '}
            <button type="button" className="link" onClick={() => appStore.getState().setChat({ parentTurnId: null })}>
              Use the newest turn
            </button>
          </p>
        )}
        {chat.error && (
          <p className="chat-error" role="alert">
            {chat.error}
          </p>
        )}
        <textarea
          ref={messageRef}
          aria-label="Message"
          rows={3}
          value={chat.draft}
          placeholder="Make the sky stormy, keep the lighthouse"
          onChange={(e) => appStore.getState().setChat({ draft: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void sendMessage();
            }
          }}
        />
        <div className="chat-actions">
          {chat.busy ? (
            <button type="button" onClick={() => void cancelTurn()} disabled={chat.sendingTurnId === null}>
              Cancel
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={chat.busy || chat.draft.trim() === '' || unavailable}>
            {chat.busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
    </aside>
  );
}
