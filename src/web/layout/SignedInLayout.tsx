import { Navigate } from '@tanstack/react-router';
import { SignedInUser, useMe } from '../api/auth.js';
import { AppLayout } from './AppLayout.js';

/**
 * The app's frame while someone is signed in. At a logout or a session the server refused, the
 * user is gone before the page changes: the login page then, rather than the frame without a user.
 */
export function SignedInLayout() {
  const me = useMe();
  if (!me) return <Navigate to="/login" search={{}} replace />;
  return (
    <SignedInUser.Provider value={me}>
      <AppLayout />
    </SignedInUser.Provider>
  );
}
