/**
 * One labelled control with its help text and its inline error, the way every form here reads.
 * The error goes as soon as the admin edits the field (the next save checks it again), so a fixed
 * field never keeps an old complaint next to it.
 */
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';

export interface FormRowProps {
  id: string;
  label: string;
  help?: ReactNode | undefined;
  error?: string | undefined;
  children: ReactNode;
}

export function FormRow({ id, label, help, error: given, children }: FormRowProps) {
  const [edited, setEdited] = useState<string | undefined>();
  useEffect(() => {
    // A different error (or none) from the next check replaces what the edit dismissed.
    setEdited((previous) => (previous === given ? previous : undefined));
  }, [given]);
  const error = given !== undefined && given !== edited ? given : undefined;
  return (
    <div style={{ marginBlockEnd: 12 }} onChangeCapture={() => setEdited(given)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {help !== undefined && error === undefined ? <HelperMessage>{help}</HelperMessage> : null}
      {error !== undefined ? (
        <ErrorMessage testId={`${id}-error`}>
          {label} {error}
        </ErrorMessage>
      ) : null}
    </div>
  );
}

/** The error for a form field, looked up by its payload path ("config.issueType" etc.). */
export function errorAt(
  fieldErrors: Record<string, string>,
  ...paths: string[]
): string | undefined {
  for (const path of paths) {
    const message = fieldErrors[path];
    if (message !== undefined) return message;
  }
  return undefined;
}
