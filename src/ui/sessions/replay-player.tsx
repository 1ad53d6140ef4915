import type { Controller } from '../controller';
import type { ReplayView } from './types';

const SPEEDS: { label: string; value: number }[] = [
  { label: 'Slow', value: 60 },
  { label: 'Normal', value: 200 },
  { label: 'Fast', value: 1000 },
  { label: 'Instant', value: Infinity },
];

function statusLine(r: ReplayView): string {
  switch (r.status) {
    case 'finished':
      return r.filesMatch
        ? 'Replay finished: the files match the recording.'
        : `Replay finished, but the files differ from the recording: ${r.differences.join(', ')}.`;
    case 'stopped':
      return 'Replay stopped before the end of the recording.';
    case 'taken-over':
      return 'Taken over: your own model answers from here.';
    case 'paused':
      return r.waiting
        ? `Paused before the next model response (message ${r.turn} of ${r.turns}).`
        : `Paused (message ${r.turn} of ${r.turns}).`;
    default:
      return `Playing message ${r.turn} of ${r.turns}.`;
  }
}

/** Controls of a replayed session: the recording plays the model, the tools run live here. */
export function ReplayPlayer({
  replay,
  controller,
  providerReady,
}: {
  replay: ReplayView;
  controller: Controller;
  providerReady: boolean;
}) {
  const live = replay.status === 'playing' || replay.status === 'paused';
  const speed = SPEEDS.find((s) => s.value === replay.speed)?.value ?? replay.speed;
  return (
    <section className="replay-player" aria-label="Replay">
      <strong className="replay-title">Replay · {replay.title}</strong>
      <span role="status" className="replay-status">
        {statusLine(replay)}
      </span>
      <span className="replay-controls">
        {live &&
          (replay.status === 'playing' ? (
            <button type="button" onClick={() => controller.replayPause()}>
              Pause
            </button>
          ) : (
            <button type="button" onClick={() => controller.replayPlay()}>
              Play
            </button>
          ))}
        {live && (
          <button
            type="button"
            disabled={replay.status !== 'paused' || !replay.waiting}
            onClick={() => controller.replayStep()}
          >
            Step
          </button>
        )}
        {live && (
          <label className="replay-speed">
            Speed
            <select value={String(speed)} onChange={(e) => controller.replaySpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s.label} value={String(s.value)}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {replay.status !== 'taken-over' && (
          <button
            type="button"
            className="primary"
            onClick={() => void controller.replayTakeOver()}
            title={
              providerReady ? 'Your configured model answers from here' : 'Set up a model in Settings to take over'
            }
          >
            Take over
          </button>
        )}
        {!live && (
          <button type="button" className="ghost" onClick={() => controller.closeReplay()}>
            Close player
          </button>
        )}
      </span>
    </section>
  );
}
