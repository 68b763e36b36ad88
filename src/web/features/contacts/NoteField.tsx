import { describedBy, FieldError, FieldHint, FieldLabel } from '../../ui/Field.tsx';

/** A multi-line text field with its label, hint and error, like the shared TextField. */
export function NoteField(props: { name: string; label: string; hint?: string; error?: string; optional?: boolean; value: string; onChange: (value: string) => void }) {
  const id = `field-${props.name}`;
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}`}>
      <FieldLabel htmlFor={id} label={props.label} optional={props.optional} />
      <FieldHint id={id}>{props.hint}</FieldHint>
      <FieldError id={id} message={props.error} />
      <textarea
        id={id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        rows={6}
        className="input textarea"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </div>
  );
}
