import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { signOut } from '../../api/auth';
import { describeError } from '../../api/errors';
import { useCurrentUser } from '../../hooks/use-session';
import { usePopover } from '../../hooks/use-popover';
import { useTheme, type ThemePreference } from '../../hooks/use-theme';
import { roleLabel } from '../../lib/account-rules';
import { toast } from '../../lib/toast-store';
import { Icon, type IconName } from '../Icon';

const THEMES: Array<{ value: ThemePreference; label: string; icon: IconName }> = [
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
  { value: 'system', label: 'System', icon: 'monitor' },
];

export function UserMenu() {
  const user = useCurrentUser();
  const { preference, setPreference } = useTheme();
  const popover = usePopover();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const logout = async () => {
    popover.close(false);
    try {
      await signOut();
    } catch (error) {
      // The browser has forgotten the session either way; say what the server answered.
      toast.error(`Signed out here, but the server said: ${describeError(error)}`);
    }
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <div className="menu-anchor" ref={popover.anchorRef}>
      <button
        type="button"
        className="btn btn-ghost btn-icon"
        aria-label={`Account: ${user.username}`}
        {...popover.triggerProps}
      >
        <span className="avatar" aria-hidden="true">
          {user.username.slice(0, 2)}
        </span>
      </button>
      {popover.open ? (
        <div className="popover" id={popover.panelId}>
          <div className="user-summary">
            <span className="avatar" aria-hidden="true">
              {user.username.slice(0, 2)}
            </span>
            <div>
              <strong>{user.username}</strong>
              <p className="muted">{roleLabel(user.role)}</p>
            </div>
          </div>
          <div className="menu-separator" />
          <p className="field-label" id="theme-label">
            Theme
          </p>
          <div className="segmented theme-switch" role="group" aria-labelledby="theme-label">
            {THEMES.map((theme) => (
              <button
                key={theme.value}
                type="button"
                aria-pressed={preference === theme.value}
                onClick={() => setPreference(theme.value)}
              >
                <Icon name={theme.icon} size={16} />
                {theme.label}
              </button>
            ))}
          </div>
          <div className="menu-separator" />
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              popover.close(false);
              void navigate('/account');
            }}
          >
            <Icon name="lock" size={18} />
            Change password
          </button>
          <button type="button" className="menu-item" onClick={() => void logout()}>
            <Icon name="logout" size={18} />
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
