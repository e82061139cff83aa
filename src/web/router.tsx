import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import type { Me, Permission } from '../shared/auth.js';
import { roleIds } from './features/auth/roles.js';
import { meQuery } from './api/auth.js';
import { can, canImportUnits, canManageVillages, forcedPath, ForbiddenError, safeRedirect } from './features/auth/access.js';
import { loadNamespaces, type Namespace } from './i18n/index.js';
import { ErrorPage } from './components/ErrorPage.js';
import { NotFoundPage } from './components/NotFoundPage.js';
import { PageLoader } from './components/PageLoader.js';
import { compact, isoDate, isoMonthOrDate, oneOf, page, str, uuid } from './lib/search.js';
import { groupStatusList } from './features/groups/statuses.js';

export interface RouterContext {
  queryClient: QueryClient;
}

/**
 * A page's code and the translations it uses, fetched together (and on hover, when the router
 * preloads a link): the page shows once both are here, never with its keys in place of its texts.
 * `ns` lists every namespace the page's code names, its shared components' included.
 */
function firstScreenPage<T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T & string, ns: Namespace[]) {
  return lazyRouteComponent(() => Promise.all([load(), loadNamespaces(ns)]).then(([module]) => module), name);
}

/** Any page past the first screens: with it, the styles of the components only such pages draw. */
function lazyPage<T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T & string, ns: Namespace[]) {
  return firstScreenPage(() => Promise.all([load(), import('./layout/page-components.css')]).then(([module]) => module), name, ns);
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
  // Every page, the login and the home page too, is code of its own: a visitor downloads the
  // login page and not the app behind it, a signed-in user the app and not the login page.
  component: firstScreenPage(() => import('./features/auth/LoginPage.js'), 'LoginPage', ['auth']),
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
  component: lazyRouteComponent(() => import('./layout/SignedInLayout.js'), 'SignedInLayout'),
});

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
  component: firstScreenPage(() => import('./features/home/HomePage.js'), 'HomePage', ['census', 'dashboard', 'home']),
});

const changePasswordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'change-password',
  component: lazyPage(() => import('./features/auth/ChangePasswordPage.js'), 'ChangePasswordPage', ['auth']),
});

const securityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'security',
  component: lazyPage(() => import('./features/auth/SecurityPage.js'), 'SecurityPage', ['auth']),
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
  component: lazyPage(() => import('./features/users/UsersPage.js'), 'UsersPage', ['users']),
});

const userNewRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: 'new',
  beforeLoad: requires('users.write'),
  component: lazyPage(() => import('./features/users/UserCreateDialog.js'), 'UserCreateDialog', ['users']),
});

const endedScopesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users/ended-scopes',
  beforeLoad: requires('users.write'),
  component: lazyPage(() => import('./features/users/EndedScopesPage.js'), 'EndedScopesPage', ['users']),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users/$id',
  beforeLoad: requires('users.read'),
  component: lazyPage(() => import('./features/users/UserDetailPage.js'), 'UserDetailPage', ['audit', 'users']),
});

const userEditRoute = createRoute({
  getParentRoute: () => userRoute,
  path: 'edit',
  beforeLoad: requires('users.write'),
  component: lazyPage(() => import('./features/users/UserEditDialog.js'), 'UserEditDialog', ['users']),
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
  component: lazyPage(() => import('./features/units/UnitsPage.js'), 'UnitsPage', ['units']),
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
  component: lazyPage(() => import('./features/units/UnitPage.js'), 'UnitPage', ['pastChanges', 'units']),
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
  component: lazyPage(() => import('./features/units/UnitImportPage.js'), 'UnitImportPage', ['units']),
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
  component: lazyPage(() => import('./features/units/PlacementsPage.js'), 'PlacementsPage', ['units']),
});

const villageImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units/villages/import',
  beforeLoad: allowedIf(canManageVillages),
  component: lazyPage(() => import('./features/units/VillageImportPage.js'), 'VillageImportPage', ['sheetImport', 'units']),
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
  component: lazyPage(() => import('./features/audit/AuditPage.js'), 'AuditPage', ['audit']),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'roles',
  beforeLoad: requires('roles.write'),
  component: lazyPage(() => import('./features/roles/RolesPage.js'), 'RolesPage', ['roles']),
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
  component: lazyPage(() => import('./features/model-types/ModelTypesPage.js'), 'ModelTypesPage', ['modelTypes']),
});

const modelTypeNewRoute = createRoute({
  getParentRoute: () => modelTypesRoute,
  path: 'new',
  beforeLoad: requires('model_types.write'),
  component: lazyPage(() => import('./features/model-types/ModelTypeDialogs.js'), 'ModelTypeCreateDialog', ['modelTypes']),
});

const modelTypeEditRoute = createRoute({
  getParentRoute: () => modelTypesRoute,
  path: '$code/edit',
  beforeLoad: requires('model_types.write'),
  component: lazyPage(() => import('./features/model-types/ModelTypeDialogs.js'), 'ModelTypeEditDialog', ['modelTypes']),
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
    }),
  beforeLoad: requires('groups.read'),
  component: lazyPage(() => import('./features/groups/GroupsPage.js'), 'GroupsPage', ['groups']),
});

const groupNewRoute = createRoute({
  getParentRoute: () => groupsRoute,
  path: 'new',
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/groups/GroupCreateDialog.js'), 'GroupCreateDialog', ['groups', 'pastChanges']),
});

const groupImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups/import',
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/groups/GroupImportPage.js'), 'GroupImportPage', ['groups', 'pastChanges', 'sheetImport']),
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
  component: lazyPage(() => import('./features/groups/GroupPage.js'), 'GroupPage', ['groups', 'pastChanges']),
});

const groupEditRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'edit',
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/groups/GroupEditDialog.js'), 'GroupEditDialog', ['groups', 'pastChanges']),
});

const memberNewRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'members/new',
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/groups/MemberAddDialog.js'), 'MemberAddDialog', ['groups', 'pastChanges', 'people']),
});

const requestNewRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'requests/new',
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/membership-requests/RequestSendDialog.js'), 'RequestSendDialog', ['groups', 'pastChanges']),
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
  component: lazyPage(() => import('./features/membership-requests/MembershipRequestsPage.js'), 'MembershipRequestsPage', ['groups', 'people']),
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
  component: lazyPage(() => import('./features/census/CensusPage.js'), 'CensusPage', ['census']),
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
}

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people',
  validateSearch: (s: Record<string, unknown>): PeopleSearch =>
    compact({ q: str(s.q, 100), unitId: uuid(s.unitId), type: str(s.type, 60), date: isoDate(s.date) }),
  beforeLoad: requires('groups.read'),
  component: lazyPage(() => import('./features/people/PeoplePage.js'), 'PeoplePage', ['people']),
});

export interface DuplicatesSearch {
  page?: number;
}

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people/duplicates',
  validateSearch: (s: Record<string, unknown>): DuplicatesSearch => compact({ page: page(s.page) }),
  beforeLoad: requires('groups.write'),
  component: lazyPage(() => import('./features/people/DuplicatesPage.js'), 'DuplicatesPage', ['people']),
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'people/$id',
  beforeLoad: requires('groups.read'),
  component: lazyPage(() => import('./features/people/PersonPage.js'), 'PersonPage', ['groups', 'people']),
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

