// Mantine's styles, only those of the components the first screens (the login page, the frame,
// the home page) draw, in the order of its full style sheet; every other page brings the rest
// (layout/page-components.css). A component new to these screens needs its file added here.
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/default-css-variables.css';
import '@mantine/core/styles/global.css';
import '@mantine/core/styles/ScrollArea.css';
import '@mantine/core/styles/UnstyledButton.css';
import '@mantine/core/styles/VisuallyHidden.css';
import '@mantine/core/styles/Paper.css';
import '@mantine/core/styles/Overlay.css';
import '@mantine/core/styles/Popover.css';
import '@mantine/core/styles/Loader.css';
import '@mantine/core/styles/ActionIcon.css';
import '@mantine/core/styles/CloseButton.css';
import '@mantine/core/styles/Group.css';
import '@mantine/core/styles/ModalBase.css';
import '@mantine/core/styles/Input.css';
import '@mantine/core/styles/FloatingIndicator.css';
import '@mantine/core/styles/Alert.css';
import '@mantine/core/styles/Text.css';
import '@mantine/core/styles/AppShell.css';
import '@mantine/core/styles/Combobox.css';
import '@mantine/core/styles/Avatar.css';
import '@mantine/core/styles/Badge.css';
import '@mantine/core/styles/Burger.css';
import '@mantine/core/styles/Button.css';
import '@mantine/core/styles/Center.css';
import '@mantine/core/styles/Code.css';
import '@mantine/core/styles/Container.css';
import '@mantine/core/styles/EmptyState.css';
import '@mantine/core/styles/Grid.css';
import '@mantine/core/styles/Menu.css';
import '@mantine/core/styles/Modal.css';
import '@mantine/core/styles/NavLink.css';
import '@mantine/core/styles/Notification.css';
import '@mantine/core/styles/PasswordInput.css';
import '@mantine/core/styles/PinInput.css';
import '@mantine/core/styles/SegmentedControl.css';
import '@mantine/core/styles/SimpleGrid.css';
import '@mantine/core/styles/Skeleton.css';
import '@mantine/core/styles/Stack.css';
import '@mantine/core/styles/Table.css';
import '@mantine/core/styles/ThemeIcon.css';
import '@mantine/core/styles/Title.css';
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
