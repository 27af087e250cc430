import type { ComponentChildren } from 'preact';
import { t } from '../utils/i18n';

export interface SetSwitchProps {
  title: string;
  enabled: boolean;
  disabled: boolean;
  onToggle: () => void;
  children: ComponentChildren;
}

/** A set's on/off switch, named for screen readers by the set and its state (popup and options page). */
export function SetSwitch({ title, enabled, disabled, onToggle, children }: SetSwitchProps) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={enabled}
        disabled={disabled}
        aria-label={enabled ? t('switch_on', title) : t('switch_off', title)}
        onChange={onToggle}
      />
      {children}
    </label>
  );
}
