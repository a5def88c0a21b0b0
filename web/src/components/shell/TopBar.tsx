import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../hooks/use-session';
import { Icon } from '../Icon';
import { UploadButton } from '../upload/UploadButton';
import { MenuButton } from './AppShell';
import { NotificationBell } from './NotificationBell';
import { UserMenu } from './UserMenu';

export function TopBar({ onOpenMenu }: { onOpenMenu: () => void }) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const canUpload = useCurrentUser().role !== 'viewer';
  const currentQuery = location.pathname === '/' ? (params.get('q') ?? '') : '';
  const [value, setValue] = useState(currentQuery);
  useEffect(() => setValue(currentQuery), [currentQuery]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(location.pathname === '/' ? params : undefined);
    const q = value.trim();
    if (q) next.set('q', q);
    else next.delete('q');
    const search = next.toString();
    void navigate(search ? `/?${search}` : '/');
  };

  return (
    <header className="topbar">
      <MenuButton onClick={onOpenMenu} />
      <form role="search" className="search-box" onSubmit={submit}>
        <Icon name="search" size={18} />
        <label htmlFor="global-search" className="visually-hidden">
          Search the library
        </label>
        <input
          id="global-search"
          className="input"
          type="search"
          placeholder="Search titles, names, tags, text…"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="off"
          enterKeyHint="search"
        />
      </form>
      <div className="topbar-actions">
        {canUpload ? <UploadButton /> : null}
        <NotificationBell />
        <UserMenu />
      </div>
    </header>
  );
}
