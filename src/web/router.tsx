import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Navigate,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { Me, Permission } from '../shared/auth.js';
import { roleIds } from './features/auth/roles.js';
import { meQuery, SignedInUser, useMe } from './api/auth.js';
import { can, canImportUnits, canManageVillages, forcedPath, ForbiddenError, safeRedirect } from './features/auth/access.js';
import { LoginPage } from './features/auth/LoginPage.js';
import { HomePage } from './features/home/HomePage.js';
import { AppLayout } from './layout/AppLayout.js';
import { ErrorPage } from './components/ErrorPage.js';
import { NotFoundPage } from './components/NotFoundPage.js';
import { PageLoader } from './components/PageLoader.js';
import { compact, isoDate, isoMonthOrDate, oneOf, page, str, uuid } from './lib/search.js';
import { groupStatusList } from './features/groups/statuses.js';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => compact({ redirect: str(s.redirect, 500) }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) throw redirect({ href: forcedPath(me) ?? safeRedirect(search.redirect) ?? '/' });
  },
  component: LoginPage,
});

/** Everything behind the login: the session is checked, and a forced step comes first. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/login', search: { redirect: location.href } });
    const forced = forcedPath(me);
    if (forced && location.pathname !== forced) throw redirect({ to: forced });
    return { me };
  },
  component: SignedInLayout,
});

/**
 * The app's frame while someone is signed in. At a logout or a session the server refused, the
 * user is gone before the page changes: the login page then, rather than the frame without a user.
 */
function SignedInLayout() {
  const me = useMe();
  if (!me) return <Navigate to="/login" search={{}} replace />;
  return (
    <SignedInUser.Provider value={me}>
      <AppLayout />
    </SignedInUser.Provider>
  );
}

function requires(permission: Permission) {
  return allowedIf((me) => can(me, permission));
}

function allowedIf(check: (me: Me | null) => boolean) {
  return async ({ context }: { context: RouterContext }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!check(me)) throw new ForbiddenError();
  };
}

/** The home page's dashboard: an area (its code) and a month or a day, as on the census page. */
export type HomeSearch = CensusSearch;

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: (s: Record<string, unknown>): HomeSearch => areaAndDate(s),
  component: HomePage,
});

const changePasswordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'change-password',
  component: lazyRouteComponent(() => import('./features/auth/ChangePasswordPage.js'), 'ChangePasswordPage'),
});

const securityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'security',
  component: lazyRouteComponent(() => import('./features/auth/SecurityPage.js'), 'SecurityPage'),
});

export interface UsersSearch {
  q?: string;
  role?: (typeof roleIds)[number];
  status?: 'active' | 'disabled';
  unitId?: string;
  page?: number;
}

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users',
  validateSearch: (s: Record<string, unknown>): UsersSearch =>
    compact({
      q: str(s.q, 100),
      role: oneOf(s.role, roleIds),
      status: oneOf(s.status, ['active', 'disabled'] as const),
      unitId: uuid(s.unitId),
      page: page(s.page),
    }),
  beforeLoad: requires('users.read'),
  component: lazyRouteComponent(() => import('./features/users/UsersPage.js'), 'UsersPage'),
});

const userNewRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: 'new',
  beforeLoad: requires('users.write'),
  component: lazyRouteComponent(() => import('./features/users/UserCreateDialog.js'), 'UserCreateDialog'),
});

const endedScopesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users/ended-scopes',
  beforeLoad: requires('users.write'),
  component: lazyRouteComponent(() => import('./features/users/EndedScopesPage.js'), 'EndedScopesPage'),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users/$id',
  beforeLoad: requires('users.read'),
  component: lazyRouteComponent(() => import('./features/users/UserDetailPage.js'), 'UserDetailPage'),
});

const userEditRoute = createRoute({
  getParentRoute: () => userRoute,
  path: 'edit',
  beforeLoad: requires('users.write'),
  component: lazyRouteComponent(() => import('./features/users/UserEditDialog.js'), 'UserEditDialog'),
});

export interface UnitsSearch {
  /** The unit being browsed (its children are listed). */
  parent?: string;
  /** The date the list is as of; absent: today. */
  date?: string;
}

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units',
  // `parentId` is what older links carry.
  validateSearch: (s: Record<string, unknown>): UnitsSearch =>
    compact({ parent: uuid(s.parent) ?? uuid(s.parentId), date: isoDate(s.date) }),
  beforeLoad: requires('units.read'),
  component: lazyRouteComponent(() => import('./features/units/UnitsPage.js'), 'UnitsPage'),
});

export interface UnitSearch {
  /** The date its children are listed as of; absent: today, or its last day if it has ended. */
  date?: string;
}

const unitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units/$id',
  validateSearch: (s: Record<string, unknown>): UnitSearch => compact({ date: isoDate(s.date) }),
  beforeLoad: requires('units.read'),
  component: lazyRouteComponent(() => import('./features/units/UnitPage.js'), 'UnitPage'),
});

export interface UnitImportSearch {
  /** The import being followed, so that a reload keeps following it. */
  job?: string;
}

const unitImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units/import',
  validateSearch: (s: Record<string, unknown>): UnitImportSearch => compact({ job: uuid(s.job) }),
  beforeLoad: allowedIf(canImportUnits),
  component: lazyRouteComponent(() => import('./features/units/UnitImportPage.js'), 'UnitImportPage'),
});

export interface PlacementsSearch {
  /** The tab: absent for the villages still waiting, `placed` for those done. */
  tab?: 'placed';
  page?: number;
}

const placementsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units/placements',
  validateSearch: (s: Record<string, unknown>): PlacementsSearch =>
    compact({ tab: oneOf(s.tab, ['placed'] as const), page: page(s.page) }),
  beforeLoad: allowedIf(canManageVillages),
  component: lazyRouteComponent(() => import('./features/units/PlacementsPage.js'), 'PlacementsPage'),
});

const villageImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units/villages/import',
  beforeLoad: allowedIf(canManageVillages),
  component: lazyRouteComponent(() => import('./features/units/VillageImportPage.js'), 'VillageImportPage'),
});

export interface AuditSearch {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page?: number;
}

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'audit',
  validateSearch: (s: Record<string, unknown>): AuditSearch =>
    compact({
      actor: str(s.actor, 100),
      action: str(s.action, 100),
      entityType: str(s.entityType, 50),
      entityId: str(s.entityId, 100),
      from: isoDate(s.from),
      to: isoDate(s.to),
      page: page(s.page),
    }),
  beforeLoad: requires('audit.read'),
  component: lazyRouteComponent(() => import('./features/audit/AuditPage.js'), 'AuditPage'),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'roles',
  beforeLoad: requires('roles.write'),
  component: lazyRouteComponent(() => import('./features/roles/RolesPage.js'), 'RolesPage'),
});

export interface ModelTypesSearch {
  /** Also list the types no longer in use. */
  retired?: true;
}

const modelTypesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'model-types',
  validateSearch: (s: Record<string, unknown>): ModelTypesSearch =>
    compact({ retired: s.retired === true || s.retired === 'true' ? (true as const) : undefined }),
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/model-types/ModelTypesPage.js'), 'ModelTypesPage'),
});

const modelTypeNewRoute = createRoute({
  getParentRoute: () => modelTypesRoute,
  path: 'new',
  beforeLoad: requires('model_types.write'),
  component: lazyRouteComponent(() => import('./features/model-types/ModelTypeDialogs.js'), 'ModelTypeCreateDialog'),
});

const modelTypeEditRoute = createRoute({
  getParentRoute: () => modelTypesRoute,
  path: '$code/edit',
  beforeLoad: requires('model_types.write'),
  component: lazyRouteComponent(() => import('./features/model-types/ModelTypeDialogs.js'), 'ModelTypeEditDialog'),
});

export const groupSorts = ['name', 'foundedOn', 'type', 'area'] as const;

export interface GroupsSearch {
  /** The area: the groups in it and below it. */
  unitId?: string;
  /** The date statuses and areas are as of; absent: today. */
  date?: string;
  type?: string;
  status?: (typeof groupStatusList)[number];
  q?: string;
  sort?: (typeof groupSorts)[number];
  page?: number;
}

const groupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups',
  validateSearch: (s: Record<string, unknown>): GroupsSearch =>
    compact({
      unitId: uuid(s.unitId),
      date: isoDate(s.date),
      type: str(s.type, 60),
      status: oneOf(s.status, groupStatusList),
      q: str(s.q, 100),
      sort: oneOf(s.sort, groupSorts),
      page: page(s.page),
    }),
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/groups/GroupsPage.js'), 'GroupsPage'),
});

const groupNewRoute = createRoute({
  getParentRoute: () => groupsRoute,
  path: 'new',
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/groups/GroupCreateDialog.js'), 'GroupCreateDialog'),
});

const groupImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups/import',
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/groups/GroupImportPage.js'), 'GroupImportPage'),
});

export interface GroupSearch {
  /** The date the group is shown as of; absent: today. */
  date?: string;
}

const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups/$id',
  validateSearch: (s: Record<string, unknown>): GroupSearch => compact({ date: isoDate(s.date) }),
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/groups/GroupPage.js'), 'GroupPage'),
});

const groupEditRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'edit',
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/groups/GroupEditDialog.js'), 'GroupEditDialog'),
});

const memberNewRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'members/new',
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/groups/MemberAddDialog.js'), 'MemberAddDialog'),
});

const requestNewRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'requests/new',
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/membership-requests/RequestSendDialog.js'), 'RequestSendDialog'),
});

export interface MembershipRequestsSearch {
  /** The requests sent; absent: those to decide. */
  tab?: 'sent';
}

const membershipRequestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'membership-requests',
  validateSearch: (s: Record<string, unknown>): MembershipRequestsSearch => compact({ tab: s.tab === 'sent' ? ('sent' as const) : undefined }),
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/membership-requests/MembershipRequestsPage.js'), 'MembershipRequestsPage'),
});

export interface CensusSearch {
  /** The area's code; absent: the user's own area (the whole country for nationwide users). */
  unit?: string;
  /** A month (YYYY-MM) or a day (YYYY-MM-DD); absent: the current month. */
  date?: string;
}

/** A typed `?unit=58` arrives as the number 58: a code all the same. */
function areaAndDate(s: Record<string, unknown>): CensusSearch {
  return compact({ unit: str(typeof s.unit === 'number' ? String(s.unit) : s.unit, 20), date: isoMonthOrDate(s.date) });
}

/** The census page also counts in another day's administrative units. */
export interface CensusPageSearch extends CensusSearch {
  /** The day whose units the census is counted in (YYYY-MM-DD); absent: the census's own date. */
  boundaries?: string;
}

const censusRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'census',
  validateSearch: (s: Record<string, unknown>): CensusPageSearch => compact({ ...areaAndDate(s), boundaries: isoDate(s.boundaries) }),
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/census/CensusPage.js'), 'CensusPage'),
});

export interface PeopleSearch {
  /** Part of a name, diacritics optional. (An ID number is never in the URL: see PeoplePage.) */
  q?: string;
  /** Members, on `date`, of groups in this area and below. */
  unitId?: string;
  /** Members, on `date`, of groups of this model type. */
  type?: string;
  /** The date memberships are taken on; absent: today. */
  date?: string;
  page?: number;
}

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people',
  validateSearch: (s: Record<string, unknown>): PeopleSearch =>
    compact({ q: str(s.q, 100), unitId: uuid(s.unitId), type: str(s.type, 60), date: isoDate(s.date), page: page(s.page) }),
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/people/PeoplePage.js'), 'PeoplePage'),
});

export interface DuplicatesSearch {
  page?: number;
}

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people/duplicates',
  validateSearch: (s: Record<string, unknown>): DuplicatesSearch => compact({ page: page(s.page) }),
  beforeLoad: requires('groups.write'),
  component: lazyRouteComponent(() => import('./features/people/DuplicatesPage.js'), 'DuplicatesPage'),
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people/$id',
  beforeLoad: requires('groups.read'),
  component: lazyRouteComponent(() => import('./features/people/PersonPage.js'), 'PersonPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    homeRoute,
    changePasswordRoute,
    securityRoute,
    usersRoute.addChildren([userNewRoute]),
    endedScopesRoute,
    userRoute.addChildren([userEditRoute]),
    unitsRoute,
    unitImportRoute,
    placementsRoute,
    villageImportRoute,
    unitRoute,
    groupsRoute.addChildren([groupNewRoute]),
    groupImportRoute,
    groupRoute.addChildren([groupEditRoute, memberNewRoute, requestNewRoute]),
    membershipRequestsRoute,
    censusRoute,
    peopleRoute,
    duplicatesRoute,
    personRoute,
    modelTypesRoute.addChildren([modelTypeNewRoute, modelTypeEditRoute]),
    auditRoute,
    rolesRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PageLoader,
    defaultPendingMs: 150,
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}

