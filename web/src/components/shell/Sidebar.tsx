import { useEffect, useRef } from 'react';
import { NavLink } from 'react-router';
import { useCurrentUser } from '../../hooks/use-session';
import { Icon, type IconName } from '../Icon';

const LIBRARY_LINKS: Array<{ to: string; label: string; icon: IconName; end?: boolean }> = [
  { to: '/', label: 'Library', icon: 'library', end: true },
  { to: '/collections', label: 'Collections', icon: 'collection' },
  { to: '/tags', label: 'Tags', icon: 'tag' },
  { to: '/searches', label: 'Searches', icon: 'saved' },
];

const SHARING_LINKS: Array<{ to: string; label: string; icon: IconName }> = [
  { to: '/shared/by-me', label: 'Shared by me', icon: 'shareOut' },
  { to: '/shared/with-me', label: 'Shared with me', icon: 'shareIn' },
];

const ADMIN_LINKS: Array<{ to: string; label: string; icon: IconName }> = [
  { to: '/admin/users', label: 'Users', icon: 'user' },
  { to: '/admin/groups', label: 'Groups', icon: 'users' },
];

export function Sidebar({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  const isAdmin = useCurrentUser().role === 'admin';
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onClose]);

  const link = (item: { to: string; label: string; icon: IconName; end?: boolean }) => (
    <li key={item.to}>
      <NavLink
        to={item.to}
        end={item.end ?? false}
        className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}
      >
        <Icon name={item.icon} />
        {item.label}
      </NavLink>
    </li>
  );

  return (
    <aside ref={ref} className={`sidebar${open ? ' open' : ''}`} aria-label="Sections">
      <nav aria-label="Library">
        <ul>{LIBRARY_LINKS.map(link)}</ul>
      </nav>
      <p className="nav-heading" id="nav-sharing">
        Sharing
      </p>
      <nav aria-labelledby="nav-sharing">
        <ul>{SHARING_LINKS.map(link)}</ul>
      </nav>
      {isAdmin ? (
        <>
          <p className="nav-heading" id="nav-admin">
            Administration
          </p>
          <nav aria-labelledby="nav-admin">
            <ul>{ADMIN_LINKS.map(link)}</ul>
          </nav>
        </>
      ) : null}
    </aside>
  );
}
