import { useEffect, useRef, useState } from 'react';
import type { QuestionRequest } from '../app/interaction';
import type { UserAnswers } from '../tools/services';

// AskUserQuestion's dialog: each question a group named by its text, its options as toggle buttons
// (one choice) or checkboxes (several) named by their labels, an "Other" answer typed freely, and
// Submit. Everything shown is the model's text, rendered as text.

interface Choice {
  picked: string[];
  other: string;
}

/** The answers as the tool takes them: labels joined by ", ", or the typed answer when there is one. */
export function answersOf(request: QuestionRequest, choices: Choice[]): NonNullable<UserAnswers> {
  const answers: Record<string, string> = {};
  request.questions.forEach((q, i) => {
    const choice = choices[i];
    const other = choice.other.trim();
    const picked = q.options.map((o) => o.label).filter((label) => choice.picked.includes(label));
    const answer = q.multiSelect ? [...picked, ...(other ? [other] : [])].join(', ') : other || picked[0] || '';
    if (answer) answers[q.question] = answer;
  });
  return { answers };
}

export function AskUserDialog({
  request,
  onAnswer,
}: {
  request: QuestionRequest;
  onAnswer: (id: number, answers: UserAnswers) => void;
}) {
  const [choices, setChoices] = useState<Choice[]>(() => request.questions.map(() => ({ picked: [], other: '' })));
  const first = useRef<HTMLButtonElement | HTMLInputElement | null>(null);
  useEffect(() => {
    setChoices(request.questions.map(() => ({ picked: [], other: '' })));
    first.current?.focus();
  }, [request]);

  const update = (index: number, change: (choice: Choice) => Choice): void =>
    setChoices((all) => all.map((c, i) => (i === index ? change(c) : c)));
  const titleId = `ask-title-${request.id}`;

  return (
    <div className="permission ask-user" role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <p className="permission-title" id={titleId}>
        The agent asks
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onAnswer(request.id, answersOf(request, choices));
        }}
      >
        {request.questions.map((q, qi) => {
          const choice = choices[qi] ?? { picked: [], other: '' };
          const name = `ask-${request.id}-${qi}`;
          return (
            <fieldset key={q.question} className="ask-question" aria-label={q.question}>
              <legend>
                <span className="ask-header">{q.header}</span> {q.question}
              </legend>
              <div className="ask-options">
                {q.options.map((o, oi) => {
                  const on = choice.picked.includes(o.label);
                  const descId = `${name}-d${oi}`;
                  const focus = qi === 0 && oi === 0 ? first : undefined;
                  return (
                    <div key={o.label} className="ask-option">
                      {q.multiSelect ? (
                        <label>
                          <input
                            ref={focus as React.Ref<HTMLInputElement> | undefined}
                            type="checkbox"
                            checked={on}
                            aria-describedby={o.description ? descId : undefined}
                            onChange={(e) =>
                              update(qi, (c) => ({
                                ...c,
                                picked: e.target.checked
                                  ? [...c.picked, o.label]
                                  : c.picked.filter((l) => l !== o.label),
                              }))
                            }
                          />
                          {o.label}
                        </label>
                      ) : (
                        <button
                          ref={focus as React.Ref<HTMLButtonElement> | undefined}
                          type="button"
                          className={on ? 'is-picked' : ''}
                          aria-pressed={on}
                          aria-describedby={o.description ? descId : undefined}
                          onClick={() => update(qi, (c) => ({ ...c, picked: on ? [] : [o.label], other: '' }))}
                        >
                          {o.label}
                        </button>
                      )}
                      {o.description && (
                        <span className="muted ask-description" id={descId}>
                          {o.description}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
              <label className="ask-other">
                Other
                <input
                  type="text"
                  value={choice.other}
                  placeholder="Type your own answer"
                  onChange={(e) => {
                    const other = e.target.value;
                    update(qi, (c) => ({ ...c, other, picked: q.multiSelect || !other ? c.picked : [] }));
                  }}
                />
              </label>
            </fieldset>
          );
        })}
        <div className="permission-actions">
          <button type="submit" className="primary">
            Submit
          </button>
          <button type="button" onClick={() => onAnswer(request.id, null)}>
            Dismiss
          </button>
        </div>
      </form>
    </div>
  );
}
