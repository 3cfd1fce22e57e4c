/** A form's or section's error line, announced to screen readers; nothing when there is no error. */
export function FormError({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}
