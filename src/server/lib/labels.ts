import type { UnitLevel } from '../../shared/units.js';

/** Names used inside error messages; the web app has its own copies in its locale files. */
export const levelNames: Record<UnitLevel, { vi: string; en: string }> = {
  province: { vi: 'tỉnh', en: 'province' },
  district: { vi: 'huyện', en: 'district' },
  commune: { vi: 'xã', en: 'commune' },
  village: { vi: 'thôn', en: 'village' },
};
