import type { ReplayView } from '../../app/replay';
import { useApp } from '../use-store';
import { StepNote, Timeline } from './lesson-parts';

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
        ? `Paused before the next model response (step ${r.played} of ${r.steps.length}, message ${r.turn} of ${r.turns}).`
        : `Paused (step ${r.played} of ${r.steps.length}, message ${r.turn} of ${r.turns}).`;
    default:
      return `Playing message ${r.turn} of ${r.turns}.`;
  }
}

/** Controls of a replayed session: the recording plays the model, the tools run live here. */
export function ReplayPlayer({ replay, providerReady }: { replay: ReplayView; providerReady: boolean }) {
  const controls = useApp().replay;
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
            <button type="button" onClick={() => controls.pause()}>
              Pause
            </button>
          ) : (
            <button type="button" onClick={() => controls.play()}>
              Play
            </button>
          ))}
        {replay.status !== 'taken-over' && (
          <button type="button" disabled={replay.played === 0} onClick={() => controls.stepBack()}>
            Step back
          </button>
        )}
        {live && (
          <button
            type="button"
            disabled={!replay.waiting && replay.status !== 'playing'}
            onClick={() => controls.step()}
          >
            Step forward
          </button>
        )}
        {live && (
          <label className="replay-speed">
            Speed
            <select value={String(speed)} onChange={(e) => controls.setSpeed(Number(e.target.value))}>
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
            onClick={() => controls.takeOver()}
            title={
              providerReady ? 'Your configured model answers from here' : 'Set up a model in Settings to take over'
            }
          >
            Take over
          </button>
        )}
        {!live && (
          <button type="button" className="ghost" onClick={() => controls.close()}>
            Close player
          </button>
        )}
      </span>
      {replay.steps.length > 0 && (
        <div className="lesson-body">
          <Timeline replay={replay} enabled={replay.status !== 'taken-over'} />
          <StepNote replay={replay} />
        </div>
      )}
    </section>
  );
}
