/** Shown in an empty chat until a model is set up: what this is, and the two ways in. */
export function FirstRun({
  providerReady,
  onSetKey,
  onLocal,
  onTry,
  onSample,
}: {
  providerReady: boolean;
  onSetKey: () => void;
  onLocal: () => void;
  onTry: (text: string) => void;
  /** Replays the bundled sample session: the way in without a key. */
  onSample?: () => void;
}) {
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Tidepool</h1>
      <p>A coding agent that runs entirely in this page: it reads, writes and runs code in a sandboxed workspace.</p>
      <p>
        Bring your own model: paste an API key (Anthropic, OpenAI, OpenRouter, …) or point it at a local server such as
        Ollama.
      </p>
      <p>
        Your key stays in this browser and goes only to the provider you choose. No key? The files and terminal work
        without one.
      </p>
      {providerReady ? (
        <div className="first-run-actions">
          {[
            'Create a small Node.js project with a test and run it',
            'Write a Python script that prints the first 20 primes',
          ].map((idea) => (
            <button key={idea} type="button" className="suggestion" onClick={() => onTry(idea)}>
              {idea}
            </button>
          ))}
        </div>
      ) : (
        <div className="first-run-actions">
          <button type="button" className="primary" onClick={onSetKey}>
            Add an API key
          </button>
          <button type="button" onClick={onLocal}>
            Use a local model
          </button>
          {onSample && (
            <button type="button" onClick={onSample}>
              Watch a sample session
            </button>
          )}
        </div>
      )}
    </section>
  );
}
