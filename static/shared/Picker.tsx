/**
 * A single-choice Atlaskit select over string values, labelled through `inputId` so a `<Label
 * htmlFor>` names it. `noneLabel` adds an explicit "nothing chosen" option.
 */
import Select from '@atlaskit/select';

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
  const all = noneLabel === undefined ? options : [{ value: NONE, label: noneLabel }, ...options];
  const selected =
    all.find((option) => option.value === (value ?? NONE)) ??
    (value === undefined ? null : { value, label: value });
  return (
    <Select<PickerOption, false>
      inputId={id}
      options={all}
      value={selected}
      isInvalid={isInvalid}
      isDisabled={isDisabled}
      placeholder={placeholder}
      onChange={(option) =>
        onChange(option === null || option.value === NONE ? undefined : option.value)
      }
    />
  );
}
