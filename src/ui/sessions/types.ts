// What the page shows about sessions: plain data the controller keeps in AppState.

export type SessionDialog = 'sessions' | 'rewind' | 'export' | null;

/** The replay player's view of a running replay. */
export interface ReplayView {
  title: string;
  /** playing: responses follow each other; paused: the next response waits for Step. */
  status: 'playing' | 'paused' | 'finished' | 'stopped' | 'taken-over';
  /** A recorded response is waiting for Step (paused only). */
  waiting: boolean;
  /** Characters per second of streamed text; Infinity plays each recorded chunk at once. */
  speed: number;
  /** 1-based user message being replayed, of `turns`. */
  turn: number;
  turns: number;
  /** Once finished: whether the workspace matches the recording's files, and which differ. */
  filesMatch: boolean | null;
  differences: string[];
}

/** The session a tab wanted is written by another tab. */
export interface ElsewhereNotice {
  sessionId: string;
  title: string;
  /** opened: it was open elsewhere when this tab tried; taken: another tab took it from this one. */
  reason: 'opened' | 'taken';
  /** This tab already started a new session instead (so "Open a new session" just dismisses). */
  startedNew?: boolean;
}
