/**
 * A single-choice Atlaskit select over string values, labelled through `inputId` so a `<Label
 * htmlFor>` names it. `noneLabel` adds an explicit "nothing chosen" option.
 *
 * Escape with the menu open closes only the menu. Atlaskit's modal dialog closes on any Escape
 * keydown that reaches `window` (`useCloseOnEscapePress` in @atlaskit/layering), and react-select
 * does not stop the event after closing its menu, so a dialog lost everything typed in it.
 * React 17+ dispatches from the root container, so stopping the event there keeps it from
 * `window`.
 */
import Select from '@atlaskit/select';
import { useState } from 'react';

export interface PickerOption {
  value: string;
  label: string;
}

export interface PickerProps {
  id: string;
  options: PickerOption[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  noneLabel?: string;
  isInvalid?: boolean;
  isDisabled?: boolean;
  placeholder?: string;
}

const NONE = '\u0000none';

export function Picker({
  id,
  options,
  value,
  onChange,
  noneLabel,
  isInvalid,
  isDisabled,
  placeholder,
}: PickerProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const all = noneLabel === undefined ? options : [{ value: NONE, label: noneLabel }, ...options];
  const selected =
    all.find((option) => option.value === (value ?? NONE)) ??
    (value === undefined ? null : { value, label: value });
  return (
    <Select<PickerOption>
      inputId={id}
      options={all}
      value={selected}
      {...(isInvalid !== undefined ? { isInvalid } : {})}
      {...(isDisabled !== undefined ? { isDisabled } : {})}
      {...(placeholder !== undefined ? { placeholder } : {})}
      onMenuOpen={() => setMenuOpen(true)}
      onMenuClose={() => setMenuOpen(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menuOpen) event.stopPropagation();
      }}
      onChange={(option) =>
        onChange(option === null || option.value === NONE ? undefined : option.value)
      }
    />
  );
}
