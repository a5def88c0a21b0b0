import { useTheme, type ThemePreference } from '../hooks/use-theme';
import { Icon } from './Icon';

const NEXT: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemePreference, string> = {
  system: 'System theme',
  light: 'Light theme',
  dark: 'Dark theme',
};

/** One button cycling system → light → dark, for pages without the user menu. */
export function ThemeToggle() {
  const { preference, setPreference } = useTheme();
  return (
    <button
      type="button"
      className="btn btn-ghost btn-icon"
      onClick={() => setPreference(NEXT[preference])}
      aria-label={`${LABEL[preference]}; switch to ${LABEL[NEXT[preference]].toLowerCase()}`}
    >
      <Icon name={preference === 'light' ? 'sun' : preference === 'dark' ? 'moon' : 'monitor'} />
    </button>
  );
}
