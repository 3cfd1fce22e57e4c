/**
 * The chat panel of the open flow: send a message, watch the answer stream in, browse and switch
 * sessions. While the flow runs, nodes on the canvas show their state.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { deleteSession, listMessages } from '../api/admin-api.js';
import { errorText } from '../api/http.js';
import { runLive, type LiveEvent } from '../api/live-run.js';
import type { Autosave } from '../editor/autosave.js';
import { useEditorContext } from '../editor/editor-context.js';
import { appendToken, finishStreaming, fromStored, newSessionId, sessionsOf, upsertMessage, type ChatMessage } from './chat-state.js';

export interface PlaygroundPanelProps {
  flowId: string;
  autosave: Autosave;
  onClose(): void;
}

export default function PlaygroundPanel({ flowId, autosave, onClose }: PlaygroundPanelProps) {
  const { store } = useEditorContext();
  // Like the API, a conversation defaults to the flow's id.
  const [sessionId, setSessionId] = useState(flowId);
  const [sessions, setSessions] = useState<string[]>([flowId]);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [input, setInput] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const transcript = useRef<HTMLDivElement>(null);

  const loadSessions = useCallback(async () => {
    const all = await listMessages({ flowId });
    const found = sessionsOf(all);
    setSessions((current) => [...new Set([...found, ...current])]);
  }, [flowId]);

  const loadMessages = useCallback(async (session: string) => {
    const stored = await listMessages({ flowId, sessionId: session });
    setMessages(stored.map(fromStored));
  }, [flowId]);

  useEffect(() => {
    loadSessions().catch((err: unknown) => setError(errorText(err)));
  }, [loadSessions]);

  useEffect(() => {
    setError(null);
    loadMessages(sessionId).catch((err: unknown) => setError(errorText(err)));
  }, [sessionId, loadMessages]);

  useEffect(() => () => abort.current?.abort(), []);

  // Esc closes the panel, as it closes a dialog (an open dialog takes its own Esc first).
  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      onClose();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [onClose]);

  useEffect(() => {
    const el = transcript.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      switch (event.kind) {
        case 'message':
          setMessages((m) => upsertMessage(m, event.message, event.message.sender !== 'User'));
          break;
        case 'token':
          setMessages((m) => appendToken(m, event.messageId, event.chunk));
          break;
        case 'message_done':
          setMessages((m) => upsertMessage(m, event.message, false));
          break;
        case 'node':
          store.setRun(event.nodeId, { status: event.status, ...(event.error ? { error: event.error } : {}), ...(event.outputs ? { outputs: event.outputs } : {}) });
          break;
        case 'warning':
          store.addRunWarning(event.nodeId, event.message);
          break;
        case 'end':
          setMessages(finishStreaming);
          break;
        case 'error': {
          setMessages((m) => [...finishStreaming(m), { id: `error-${Date.now()}`, sender: 'System', senderName: 'Error', text: event.error, error: true }]);
          const state = store.getState();
          const failed =
            event.nodeId ??
            state.nodes.find((n) => n.type === 'component' && (n.data.displayName ?? store.specs.get(n.data.type)?.display_name) === event.componentName)?.id;
          if (failed) store.setRun(failed, { status: 'failed', error: event.error });
          break;
        }
      }
    },
    [store],
  );

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = input.trim();
    if (!text || running) return;
    const problems = [...store.getState().problems.values()].flat();
    if (problems.length > 0) {
      setError(`Fix the flow first: ${problems.join('; ')}`);
      return;
    }
    setError(null);
    setRunning(true);
    setInput('');
    const controller = new AbortController();
    abort.current = controller;
    store.resetRun('waiting');
    try {
      await autosave.flush();
      let failed = false;
      const mode = await runLive(
        flowId,
        { input_value: text, session_id: sessionId },
        (event) => {
          if (event.kind === 'error') failed = true;
          onEvent(event);
        },
        controller.signal,
      );
      // Without per-node events, a run that ended well means every waiting node did its part.
      if (mode === 'langflow' && !failed) store.settleRun('done');
      setSessions((s) => (s.includes(sessionId) ? s : [sessionId, ...s]));
    } catch (err) {
      if (controller.signal.aborted) {
        setMessages(finishStreaming);
      } else {
        setError(errorText(err));
        setInput((current) => current || text);
      }
    } finally {
      store.settleRun(controller.signal.aborted ? 'skipped' : null);
      abort.current = null;
      setRunning(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const newSession = () => {
    const id = newSessionId();
    setSessions((s) => [id, ...s]);
    setSessionId(id);
    store.resetRun(null);
  };

  const forgetSession = async () => {
    try {
      await deleteSession(sessionId);
      setMessages([]);
      await loadSessions();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <aside className="side-panel playground" aria-label="Playground">
      <header className="side-panel-header">
        <h2>Playground</h2>
        <button type="button" className="icon-button" aria-label="Close the playground" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="session-bar">
        <label className="session-select">
          <span>Session</span>
          <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-label="Session" disabled={running}>
            {sessions.map((id) => (
              <option key={id} value={id}>
                {id === flowId ? 'Default session' : id}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small-button" onClick={newSession} disabled={running}>
          + New session
        </button>
        <button type="button" className="small-button" onClick={() => void forgetSession()} disabled={running || messages.length === 0} title="Delete this session's messages">
          Clear
        </button>
      </div>
      <div className="transcript" ref={transcript} aria-live="polite" data-testid="transcript">
        {messages.length === 0 ? <p className="muted transcript-empty">No messages in this session yet. Say something to run the flow.</p> : null}
        {messages.map((m) => (
          <div key={m.id} className={`chat-message ${m.sender === 'User' ? 'from-user' : 'from-machine'}${m.error ? ' chat-error' : ''}`} data-testid="chat-message" data-sender={m.sender}>
            <div className="chat-sender">{m.senderName}</div>
            <div className="chat-text">
              {m.text}
              {m.streaming ? <span className="caret" aria-hidden="true" /> : null}
            </div>
          </div>
        ))}
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      <form className="chat-form" onSubmit={send}>
        <textarea value={input} onChange={(e) => setInput(e.target.value)} onKeyDown={onKeyDown} placeholder="Send a message…" rows={2} aria-label="Message" autoFocus />
        {running ? (
          <button type="button" className="button" onClick={() => abort.current?.abort()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!input.trim()}>
            Send
          </button>
        )}
      </form>
    </aside>
  );
}
