/** The actions the server writes to the audit log; each has a label in the audit namespace. */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'auth.totp_enable',
  'auth.totp_disable',
  'auth.preferences',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.reset_totp',
  'unit.create',
  'unit.update',
  'unit.delete',
  'unit.import_list',
  'unit.import_reform',
  'unit.move',
  'unit.place_village',
  'model_type.create',
  'model_type.update',
  'model_type.retire',
  'model_type.restore',
  'group.create',
  'group.update',
  'group.status',
  'group.area',
  'person.create',
  'person.reveal_cccd',
  'membership.create',
  'membership.end',
  'role.update',
  'system.bootstrap_admin',
  'system.demo_user',
] as const;

export const auditEntityTypes = ['user', 'unit', 'unit_event', 'model_type', 'group', 'person', 'role', 'session', 'system'] as const;

/** i18n key of an action's label: dots would nest, so they become underscores. */
export function actionKey(action: string): string {
  return `audit:actions.${action.replace(/\./g, '_')}`;
}

export function entityTypeKey(type: string): string {
  return `audit:entityTypes.${type.replace(/\./g, '_')}`;
}

/** Colour of an action's badge: failures red, removals orange, creations green. */
export function actionColor(action: string): string {
  if (action.endsWith('_failed')) return 'red';
  if (action.endsWith('.delete') || action.endsWith('.disable') || action.endsWith('totp_disable')) return 'orange';
  if (action.endsWith('.create') || action.endsWith('.enable') || action.endsWith('totp_enable')) return 'green';
  if (action.startsWith('auth.')) return 'blue';
  return 'gray';
}
