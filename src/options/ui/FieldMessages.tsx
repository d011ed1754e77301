/** The errors under a field, referenced by its aria-describedby. */
export function FieldMessages({
  id,
  errors,
}: {
  id: string;
  errors: readonly string[] | undefined;
}) {
  if (!errors?.length) return null;
  return (
    <ul id={id} class="field-errors">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/** The ids a field is described by, skipping ones not rendered. */
export const describedBy = (...ids: (string | false | null | undefined)[]): string | undefined =>
  ids.filter(Boolean).join(' ') || undefined;
