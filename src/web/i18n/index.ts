/// <reference types="vite/client" />
import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/common.js';
import viCommon from './vi/common.json';
import enCommon from './en/common.json';

export const namespaces = ['common', 'auth', 'home', 'dashboard', 'users', 'units', 'audit', 'roles', 'groups', 'modelTypes', 'people', 'census', 'sheetImport', 'pastChanges'] as const;
export type Namespace = (typeof namespaces)[number];

/**
 * Every namespace but `common` is a file of its own per language, fetched when a page first needs
 * it (the router loads a page's namespaces with its code); `common` comes with the app, for the
 * frame, the loaders and the error pages.
 */
const bundles = import.meta.glob<ResourceKey>(['./vi/*.json', './en/*.json', '!./*/common.json'], { import: 'default' });

const lazyBundles: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, done) {
    const load = bundles[`./${language}/${namespace}.json`];
    if (!load) return done(new Error(`no translations ${language}/${namespace}`), false);
    load().then(
      (data) => done(null, data),
      (error: Error) => done(error, false),
    );
  },
};

/** Fetches these namespaces in the current language (and the fallback), if not yet here. */
export function loadNamespaces(ns: readonly Namespace[]): Promise<void> {
  return i18n.loadNamespaces([...ns]);
}

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
  void i18n.use(lazyBundles).use(initReactI18next).init({
    resources: { vi: { common: viCommon }, en: { common: enCommon } },
    // The other namespaces come from lazyBundles, each when first asked for.
    partialBundledLanguages: true,
    // `common` is here already: ready before the first render, which never waits for it.
    initAsync: false,
    lng,
    fallbackLng: 'vi',
    ns: ['common'],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  document.cookie = `lang=${lng}; path=/; SameSite=Strict`;
  return i18n;
}

export { i18n };
