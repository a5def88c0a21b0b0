import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { RequireAdmin } from './components/admin/RequireAdmin';
import { Toaster } from './components/Toaster';
import { AppShell } from './components/shell/AppShell';
import { RequireAuth } from './components/shell/RequireAuth';
import { createQueryClient } from './lib/query-client';
import { AccountPage } from './routes/AccountPage';
import { GroupPage } from './routes/admin/GroupPage';
import { GroupsPage } from './routes/admin/GroupsPage';
import { UsersPage } from './routes/admin/UsersPage';
import { CollectionPage } from './routes/CollectionPage';
import { CollectionsPage } from './routes/CollectionsPage';
import { IncomingSharePage } from './routes/IncomingSharePage';
import { LibraryPage } from './routes/LibraryPage';
import { LoginPage } from './routes/LoginPage';
import { MediaPage } from './routes/MediaPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { PublicLinkPage } from './routes/public/PublicLinkPage';
import { SavedSearchPage } from './routes/SavedSearchPage';
import { SearchesPage } from './routes/SearchesPage';
import { SetupPage } from './routes/SetupPage';
import { ShareActivityPage } from './routes/ShareActivityPage';
import { SharedByMePage } from './routes/SharedByMePage';
import { SharedWithMePage } from './routes/SharedWithMePage';
import { TagsPage } from './routes/TagsPage';

function Root() {
  return (
    <>
      <Outlet />
      <Toaster />
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/s/:token', element: <PublicLinkPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: '/media/:id', element: <MediaPage /> },
          {
            element: <AppShell />,
            children: [
              { index: true, element: <LibraryPage /> },
              { path: '/collections', element: <CollectionsPage /> },
              { path: '/collections/:id', element: <CollectionPage /> },
              { path: '/tags', element: <TagsPage /> },
              { path: '/searches', element: <SearchesPage /> },
              { path: '/searches/:id', element: <SavedSearchPage /> },
              { path: '/shared/by-me', element: <SharedByMePage /> },
              { path: '/shared/by-me/:id', element: <ShareActivityPage /> },
              { path: '/shared/with-me', element: <SharedWithMePage /> },
              { path: '/shared/with-me/:id', element: <IncomingSharePage /> },
              { path: '/account', element: <AccountPage /> },
              {
                element: <RequireAdmin />,
                children: [
                  { path: '/admin/users', element: <UsersPage /> },
                  { path: '/admin/groups', element: <GroupsPage /> },
                  { path: '/admin/groups/:id', element: <GroupPage /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
