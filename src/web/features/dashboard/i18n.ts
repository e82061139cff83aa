import { i18n } from '../../i18n/index.js';
import vi from '../../i18n/vi/dashboard.json';
import en from '../../i18n/en/dashboard.json';

/** The dashboard's texts arrive with its code, not in the first screen's bundle. */
i18n.addResourceBundle('vi', 'dashboard', vi, true, true);
i18n.addResourceBundle('en', 'dashboard', en, true, true);
