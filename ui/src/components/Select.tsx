// The one styled Radix Select: options with an optional description and chip, keyboard and screen-reader friendly.
import * as RadixSelect from "@radix-ui/react-select";
import { Check, ChevronDown } from "lucide-react";
import type { ReactNode } from "react";

export interface SelectOption {
  value: string;
  label: string;
  description?: string;
  adornment?: ReactNode;
}

interface Props {
  value: string | undefined;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  id?: string;
  name?: string;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  "data-testid"?: string;
  /** What the closed trigger shows for the current value; defaults to the option's label. */
  valueDisplay?: ReactNode;
}

export function Select({ value, onValueChange, options, name, placeholder, disabled, className, valueDisplay, ...trigger }: Props) {
  return (
    <RadixSelect.Root value={value} onValueChange={onValueChange} name={name} disabled={disabled}>
      <RadixSelect.Trigger className={`select-trigger ${className ?? ""}`} {...trigger}>
        <RadixSelect.Value placeholder={placeholder}>{valueDisplay}</RadixSelect.Value>
        <RadixSelect.Icon>
          <ChevronDown size={16} aria-hidden />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="menu" position="popper" sideOffset={4}>
          <RadixSelect.Viewport>
            {options.map((option) => (
              <RadixSelect.Item key={option.value} value={option.value} className="menu__item">
                <span className="menu__check">
                  <RadixSelect.ItemIndicator>
                    <Check size={14} aria-hidden />
                  </RadixSelect.ItemIndicator>
                </span>
                <span className="menu__text">
                  <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                  {option.description && <span className="menu__description">{option.description}</span>}
                </span>
                {option.adornment}
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
