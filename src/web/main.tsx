import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { Providers } from './Providers.js';
import { initI18n, currentLanguage, i18n } from './i18n/index.js';
import { configureClient, isApiError } from './api/client.js';
import { createQueryClient } from './api/queryClient.js';
import { authKeys, setSession } from './api/auth.js';
import { ForbiddenError } from './features/auth/access.js';
import { createAppRouter } from './router.js';

initI18n();
const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

configureClient({
  language: currentLanguage,
  networkMessage: () => i18n.t('common:errors.network'),
  onUnauthenticated: () => {
    setSession(queryClient, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
    const here = router.state.location;
    if (here.pathname !== '/login') void router.navigate({ to: '/login', search: { redirect: here.href } });
  },
  onGuard: (code) => {
    void queryClient.invalidateQueries({ queryKey: authKeys.me() }).then(() =>
      router.navigate({ to: code === 'PASSWORD_CHANGE_REQUIRED' ? '/change-password' : '/security' }),
    );
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');

createRoot(root, {
  // React logs every error a boundary catches; a page refused or not found is an answer its error screen gives, not a fault.
  onCaughtError: (error, info) => {
    if (error instanceof ForbiddenError || (isApiError(error) && (error.status === 403 || error.status === 404))) return;
    console.error(error, info.componentStack);
  },
}).render(
  <StrictMode>
    <Providers>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </Providers>
  </StrictMode>,
);
