/** One labelled control with its help text and its inline error, the way every form here reads. */
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import type { ReactNode } from 'react';

export interface FormRowProps {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
}

export function FormRow({ id, label, help, error, children }: FormRowProps) {
  return (
    <div style={{ marginBlockEnd: 12 }}>
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
