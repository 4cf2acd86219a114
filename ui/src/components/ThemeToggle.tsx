// Light, dark or follow the OS; the choice is remembered on this computer.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, Monitor, Moon, Sun } from "lucide-react";
import { useThemePreference, type ThemePreference } from "../lib/theme";

const CHOICES = [
  { value: "system", label: "Follow the system", icon: Monitor },
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
] as const satisfies readonly { value: ThemePreference; label: string; icon: unknown }[];

export function ThemeToggle() {
  const [preference, setPreference] = useThemePreference();
  const Current = CHOICES.find((c) => c.value === preference)?.icon ?? Monitor;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="btn btn--ghost btn--icon" aria-label="Theme" title="Theme" data-testid="theme-toggle">
        <Current size={18} aria-hidden />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu__label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={preference} onValueChange={(v) => setPreference(v as ThemePreference)}>
            {CHOICES.map(({ value, label, icon: Icon }) => (
              <DropdownMenu.RadioItem key={value} value={value} className="menu__item" data-testid={`theme-${value}`}>
                <Icon size={15} aria-hidden />
                <span className="menu__text">{label}</span>
                <span className="menu__check">
                  <DropdownMenu.ItemIndicator>
                    <Check size={14} aria-hidden />
                  </DropdownMenu.ItemIndicator>
                </span>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
