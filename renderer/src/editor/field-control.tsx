/** The control for one field, chosen by its kind. Class `nodrag nowheel` keeps React Flow's gestures off it. */
import { memo, useEffect, useState } from 'react';
import type { FieldSpec } from '../../../shared/component-spec.js';
import { Icon } from '../ui/icons.js';

export interface FieldControlProps {
  id: string;
  field: FieldSpec;
  value: unknown;
  onChange(value: unknown): void;
  /** Name of the global variable the field is bound to. */
  globalVariable?: string;
  onBindGlobal(variable: string | null): void;
  variableNames: readonly string[];
}

const INPUT = 'field-input nodrag nowheel';

export const FieldControl = memo(function FieldControl(props: FieldControlProps) {
  const { id, field, value, onChange } = props;
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const label = field.display_name;
  if (field.load_from_db && (field.kind === 'secret' || props.globalVariable)) return <SecretControl {...props} />;

  switch (field.kind) {
    case 'bool':
      return (
        <label className="switch nodrag">
          <input id={id} type="checkbox" role="switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-label={label} />
          <span className="switch-track" aria-hidden="true" />
        </label>
      );
    case 'int':
    case 'float':
      return <NumberInput id={id} label={label} value={value} integer={field.kind === 'int'} onChange={onChange} range={field.range} />;
    case 'slider': {
      const range = field.range ?? { min: 0, max: 1, step: 0.01 };
      const number = typeof value === 'number' ? value : Number(value ?? range.min);
      return (
        <div className="slider-row">
          <input
            id={id}
            className="field-slider nodrag"
            type="range"
            min={range.min}
            max={range.max}
            step={range.step}
            value={Number.isFinite(number) ? number : range.min}
            onChange={(e) => onChange(Number(e.target.value))}
            aria-label={label}
          />
          <output htmlFor={id} className="slider-value">
            {Number.isFinite(number) ? number : ''}
          </output>
        </div>
      );
    }
    case 'dropdown':
      if (field.combobox) return <ComboInput id={id} label={label} text={text} options={field.options ?? []} onChange={onChange} />;
      return (
        <select id={id} className={INPUT} value={text} onChange={(e) => onChange(e.target.value)} aria-label={label}>
          {(field.options ?? []).includes(text) ? null : <option value={text}>{text || '—'}</option>}
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'multiline':
    case 'prompt':
    case 'code':
      return (
        <textarea
          id={id}
          className={`${INPUT}${field.kind === 'code' || field.kind === 'prompt' ? ' mono' : ''}`}
          rows={field.kind === 'multiline' ? 2 : 4}
          value={text}
          placeholder={field.kind === 'prompt' ? 'Type a template; {name} adds an input' : undefined}
          onChange={(e) => onChange(e.target.value)}
          aria-label={label}
          spellCheck={field.kind !== 'code'}
        />
      );
    case 'dict':
      return <JsonInput id={id} label={label} value={value} onChange={onChange} />;
    case 'secret':
      return <SecretControl {...props} />;
    default:
      if (field.options && field.options.length > 0) return <ComboInput id={id} label={label} text={text} options={field.options} onChange={onChange} />;
      return <input id={id} className={INPUT} type="text" value={text} onChange={(e) => onChange(e.target.value)} aria-label={label} />;
  }
});

function ComboInput({ id, label, text, options, onChange }: { id: string; label: string; text: string; options: string[]; onChange(v: unknown): void }) {
  return (
    <>
      <input id={id} className={INPUT} type="text" list={`${id}-options`} value={text} onChange={(e) => onChange(e.target.value)} aria-label={label} />
      <datalist id={`${id}-options`}>
        {options.map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
    </>
  );
}

function NumberInput({ id, label, value, integer, onChange, range }: { id: string; label: string; value: unknown; integer: boolean; onChange(v: unknown): void; range?: FieldSpec['range'] }) {
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : value === undefined || value === null ? '' : String(value)));
  }, [value]);
  return (
    <input
      id={id}
      className={INPUT}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      step={integer ? 1 : (range?.step ?? 'any')}
      min={range?.min}
      max={range?.max}
      value={text}
      aria-label={label}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = integer ? Number.parseInt(e.target.value, 10) : Number.parseFloat(e.target.value);
        if (Number.isFinite(parsed)) onChange(parsed);
      }}
    />
  );
}

function JsonInput({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        className={`${INPUT} mono`}
        rows={3}
        value={text}
        aria-label={label}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          try {
            onChange(text.trim() === '' ? {} : JSON.parse(text));
            setError(null);
          } catch {
            setError('Not valid JSON');
          }
        }}
      />
      {error ? <span className="field-error">{error}</span> : null}
    </>
  );
}

function SecretControl({ id, field, value, onChange, globalVariable, onBindGlobal, variableNames }: FieldControlProps) {
  const [choosing, setChoosing] = useState(false);
  if (globalVariable) {
    return (
      <div className="global-chip" title={`Taken from the global variable ${globalVariable} when the flow runs`}>
        <Icon name="globe" size={12} />
        <span className="global-name">{globalVariable}</span>
        <button type="button" className="icon-button nodrag" aria-label={`Stop using ${globalVariable} for ${field.display_name}`} onClick={() => onBindGlobal(null)}>
          ×
        </button>
      </div>
    );
  }
  return (
    <div className="secret-row">
      {choosing ? (
        <select
          className={INPUT}
          autoFocus
          aria-label={`Global variable for ${field.display_name}`}
          defaultValue=""
          onBlur={() => setChoosing(false)}
          onChange={(e) => {
            if (e.target.value) onBindGlobal(e.target.value);
            setChoosing(false);
          }}
        >
          <option value="">{variableNames.length === 0 ? 'No global variables (see Settings)' : 'Choose a variable…'}</option>
          {variableNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className={INPUT}
          type={field.kind === 'secret' ? 'password' : 'text'}
          autoComplete="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
          aria-label={field.display_name}
        />
      )}
      <button type="button" className="icon-button nodrag" title="Use a global variable" aria-label={`Use a global variable for ${field.display_name}`} onClick={() => setChoosing((c) => !c)}>
        <Icon name="globe" size={14} />
      </button>
    </div>
  );
}
