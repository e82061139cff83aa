import type { Deps } from '../context.js';

/**
 * Inhabitants of Ninh Thuận's district-level units, rounded from the 2019 Population and Housing
 * Census (the province: 590,467), so that the dashboard shades them by groups per 1,000
 * inhabitants. They belong to the units before the 2025 reform, which ended the districts.
 */
const ninhThuan2019: Record<string, number> = {
  '582': 167_000, // Thành phố Phan Rang-Tháp Chàm
  '584': 29_000, // Huyện Bác Ái
  '585': 76_000, // Huyện Ninh Sơn
  '586': 90_000, // Huyện Ninh Hải
  '587': 130_000, // Huyện Ninh Phước
  '588': 42_000, // Huyện Thuận Bắc
  '589': 56_000, // Huyện Thuận Nam
};

/** Records the population of the demo's districts (valid in 2019); running it again changes nothing. */
export async function recordDemoPopulation(deps: Deps): Promise<void> {
  for (const [code, population] of Object.entries(ninhThuan2019)) {
    await deps.db
      .updateTable('units')
      .set({ population })
      .where('code', '=', code)
      .where('level', '=', 'district')
      .where('valid_from', '<=', '2019-04-01')
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', '2019-04-01')]))
      .execute();
  }
}
