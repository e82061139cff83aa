import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/common.js';
import viCommon from './vi/common.json';
import viAuth from './vi/auth.json';
import viHome from './vi/home.json';
import viUsers from './vi/users.json';
import viUnits from './vi/units.json';
import viAudit from './vi/audit.json';
import viRoles from './vi/roles.json';
import viGroups from './vi/groups.json';
import viModelTypes from './vi/modelTypes.json';
import viPeople from './vi/people.json';
import viCensus from './vi/census.json';
import viSheetImport from './vi/sheetImport.json';
import viPastChanges from './vi/pastChanges.json';
import enCommon from './en/common.json';
import enAuth from './en/auth.json';
import enHome from './en/home.json';
import enUsers from './en/users.json';
import enUnits from './en/units.json';
import enAudit from './en/audit.json';
import enRoles from './en/roles.json';
import enGroups from './en/groups.json';
import enModelTypes from './en/modelTypes.json';
import enPeople from './en/people.json';
import enCensus from './en/census.json';
import enSheetImport from './en/sheetImport.json';
import enPastChanges from './en/pastChanges.json';

export const namespaces = ['common', 'auth', 'home', 'users', 'units', 'audit', 'roles', 'groups', 'modelTypes', 'people', 'census', 'sheetImport', 'pastChanges'] as const;

export const resources = {
  vi: { common: viCommon, auth: viAuth, home: viHome, users: viUsers, units: viUnits, audit: viAudit, roles: viRoles, groups: viGroups, modelTypes: viModelTypes, people: viPeople, census: viCensus, sheetImport: viSheetImport, pastChanges: viPastChanges },
  en: { common: enCommon, auth: enAuth, home: enHome, users: enUsers, units: enUnits, audit: enAudit, roles: enRoles, groups: enGroups, modelTypes: enModelTypes, people: enPeople, census: enCensus, sheetImport: enSheetImport, pastChanges: enPastChanges },
} as const;

const STORAGE_KEY = 'tq.language';

function isLanguage(v: unknown): v is Language {
  return v === 'vi' || v === 'en';
}

/** The language chosen on this device, if the user ever chose one. */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'vi';
}

/** Switches the interface language, remembers it here and tells the server through the `lang` cookie. */
export async function applyLanguage(lang: Language, remember = true): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  document.cookie = `lang=${lang}; path=/; SameSite=Strict`;
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

export function initI18n(): typeof i18n {
  const lng = storedLanguage() ?? 'vi';
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'vi',
    ns: [...namespaces],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  document.cookie = `lang=${lng}; path=/; SameSite=Strict`;
  return i18n;
}

export { i18n };
