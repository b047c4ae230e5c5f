/**
 * A multiple-choice Atlaskit select over string values, labelled through `inputId`. Only the
 * options can be chosen (no free text). A chosen value that is not among the options (a tenant
 * deleted since the rule was saved) is kept and shown with `unknownLabel`, so nothing stored is
 * dropped silently. Escape with the menu open closes only the menu (see Picker.tsx for why).
 */
import Select from '@atlaskit/select';
import { useState } from 'react';
import type { PickerOption } from './Picker';

export interface MultiPickerProps {
  id: string;
  options: PickerOption[];
  values: string[];
  onChange: (values: string[]) => void;
  unknownLabel: (value: string) => string;
  isInvalid?: boolean;
  placeholder?: string;
}

export function MultiPicker({
  id,
  options,
  values,
  onChange,
  unknownLabel,
  isInvalid,
  placeholder,
}: MultiPickerProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const selected = values.map(
    (value) =>
      options.find((option) => option.value === value) ?? { value, label: unknownLabel(value) },
  );
  return (
    <Select<PickerOption, true>
      inputId={id}
      isMulti
      options={options}
      value={selected}
      {...(isInvalid !== undefined ? { isInvalid } : {})}
      {...(placeholder !== undefined ? { placeholder } : {})}
      onMenuOpen={() => setMenuOpen(true)}
      onMenuClose={() => setMenuOpen(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menuOpen) event.stopPropagation();
      }}
      onChange={(chosen) => onChange(chosen.map((option) => option.value))}
    />
  );
}
