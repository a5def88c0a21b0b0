import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { fetchMe } from '../../api/auth';
import { updateUser } from '../../api/session';
import { Icon } from '../Icon';
import { UploadProvider } from '../upload/UploadProvider';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The signed-in layout: sidebar, top bar (search, upload, bell, user), the page. */
export function AppShell() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  // Confirms the stored session is still good and keeps the name and role current.
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 5 * 60_000 });
  useEffect(() => {
    if (me.data) updateUser(me.data);
  }, [me.data]);

  return (
    <UploadProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <Link to="/" className="brand" aria-label="Pinakes, library">
          <img src="/favicon.svg" alt="" />
          Pinakes
        </Link>
        <TopBar onOpenMenu={() => setMenuOpen(true)} />
        <Sidebar open={menuOpen} onClose={() => setMenuOpen(false)} />
        <div
          className={`sidebar-backdrop${menuOpen ? ' open' : ''}`}
          onClick={() => setMenuOpen(false)}
          aria-hidden="true"
        />
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </UploadProvider>
  );
}

export function MenuButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      className="btn btn-ghost btn-icon menu-toggle"
      onClick={onClick}
      aria-label="Open navigation"
    >
      <Icon name="menu" />
    </button>
  );
}
