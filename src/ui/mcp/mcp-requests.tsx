import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PendingElicitation, PendingSampling } from '../../app/mcp';
import { checkElicitationAnswer, type ElicitationField } from '../../mcp/elicitation';
import { useApp, useStore } from '../use-store';
import './mcp.css';

// A server's questions to the user, in the chat beside the permission prompt: an elicitation form
// built from the server's schema (Submit, Decline, Cancel), and a sampling request shown in full
// before the session's model answers it (Approve, Decline). Server text renders as text.

type Values = Record<string, unknown>;

function initialValues(fields: ElicitationField[]): Values {
  const values: Values = {};
  for (const f of fields) {
    if (f.default !== undefined) values[f.name] = f.default;
    else if (f.kind === 'boolean') values[f.name] = false;
    else if (f.kind === 'multi-choice') values[f.name] = [];
  }
  return values;
}

function Field({
  field,
  value,
  error,
  onChange,
}: {
  field: ElicitationField;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}) {
  const id = useId();
  const described = field.description ? `${id}-note` : undefined;
  const label = `${field.label}${field.required ? ' (required)' : ''}`;
  let control;
  if (field.kind === 'boolean') {
    return (
      <div className="mcp-field">
        <label className="mcp-check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
        {field.description && <p className="field-note">{field.description}</p>}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  if (field.kind === 'choice') {
    control = (
      <select
        id={id}
        aria-describedby={described}
        value={String(value ?? '')}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">Choose…</option>
        {field.options!.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'multi-choice') {
    const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
    return (
      <fieldset className="mcp-field">
        <legend>{label}</legend>
        {field.options!.map((o) => (
          <label key={o.value} className="mcp-check">
            <input
              type="checkbox"
              checked={chosen.has(o.value)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(o.value);
                else next.delete(o.value);
                onChange([...next]);
              }}
            />
            {o.label}
          </label>
        ))}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    );
  } else {
    const numeric = field.kind === 'number' || field.kind === 'integer';
    const type = numeric ? 'number' : field.format === 'email' ? 'email' : field.format === 'date' ? 'date' : 'text';
    control = (
      <input
        id={id}
        type={type}
        aria-describedby={described}
        step={field.kind === 'integer' ? 1 : 'any'}
        min={field.minimum}
        max={field.maximum}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="mcp-field">
      <label htmlFor={id}>{label}</label>
      {control}
      {field.description && (
        <p className="field-note" id={described}>
          {field.description}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function ElicitationForm({ pending }: { pending: PendingElicitation }) {
  const mcp = useApp().mcp;
  const { request } = pending;
  const [values, setValues] = useState<Values>(() => initialValues(request.fields));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const titleId = useId();
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [pending.id]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const checked = checkElicitationAnswer(request.fields, values);
    if (!checked.ok) {
      setProblems(checked.error);
      return;
    }
    mcp.answerElicitation(pending.id, { action: 'accept', content: checked.value });
  };

  return (
    <div className="permission mcp-request" role="dialog" aria-modal="false" aria-labelledby={titleId} ref={first}>
      <p className="permission-title" id={titleId}>
        <strong>{request.server}</strong> asks for input
      </p>
      <p className="mcp-request-message">{request.message}</p>
      <form onSubmit={submit} noValidate>
        {request.fields.map((field) => (
          <Field
            key={field.name}
            field={field}
            value={values[field.name]}
            error={problems[field.name]}
            onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
          />
        ))}
        <div className="permission-actions">
          <button type="submit" className="primary">
            Submit
          </button>
          <button type="button" onClick={() => mcp.answerElicitation(pending.id, { action: 'decline' })}>
            Decline
          </button>
          <button
            type="button"
            className="ghost"
            onClick={() => mcp.answerElicitation(pending.id, { action: 'cancel' })}
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

function SamplingPrompt({ pending }: { pending: PendingSampling }) {
  const mcp = useApp().mcp;
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className="permission mcp-request" role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <p className="permission-title" id={titleId}>
        <strong>{pending.request.server}</strong> asks the model to answer
      </p>
      <pre className="mcp-request-preview" aria-label="Request">
        {pending.request.preview}
      </pre>
      <p className="field-note">Approving sends this to your model; the answer goes back to the server.</p>
      <div className="permission-actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void mcp.answerSampling(pending.id, true);
          }}
        >
          {busy ? 'Answering…' : 'Approve'}
        </button>
        <button type="button" disabled={busy} onClick={() => void mcp.answerSampling(pending.id, false)}>
          Decline
        </button>
      </div>
    </div>
  );
}

/** The oldest open question from an MCP server, if any. */
export default function McpRequests() {
  const mcp = useApp().mcp;
  const elicitation = useStore(mcp.store, (s) => s.elicitations[0]);
  const sampling = useStore(mcp.store, (s) => s.samplings[0]);
  if (elicitation) return <ElicitationForm key={elicitation.id} pending={elicitation} />;
  if (sampling) return <SamplingPrompt key={sampling.id} pending={sampling} />;
  return null;
}
