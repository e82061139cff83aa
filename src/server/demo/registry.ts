import type { Deps } from '../context.js';
import type { GroupAreasTable, GroupStatusesTable, GroupsTable, MembershipsTable, PeopleTable } from '../db/types.js';
import { addDays } from '../lib/dates.js';
import { uuidv7 } from '../lib/ids.js';
import { searchKey } from '../lib/text.js';
import { insertInChunks } from '../features/units/import-support.js';
import { newUnitRow } from '../features/units/rows.js';
import type { UnitRow } from '../features/units/queries.js';

/**
 * The demo registry of Ninh Thuận: villages in every commune and groups of the five types with
 * members, deterministic (a fixed seed), such that on 30 April 2018 the province counts exactly
 * the brief's numbers: 2,596 Tổ nhân dân tự quản with 4,425 members, 20 đội dân phòng with 373,
 * 76 tổ an ninh xung kích with 612, and 113 tộc họ tự quản về ANTT. Around them stand what a real
 * register holds and a census must leave out on that day: groups dissolved before it, groups and
 * members that came after it (the peaceful parishes from 2019), and members who had left.
 */
export const BRIEF_DATE = '2018-04-30';
export const BRIEF = { 'to-tu-quan': [2596, 4425], 'doi-dan-phong': [20, 373], 'to-an-ninh-xung-kich': [76, 612], 'toc-ho-tu-quan': [113, null] } as const;

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đàng', 'Châu', 'Thập', 'Quảng'];
const maleMiddle = ['Văn', 'Hữu', 'Minh', 'Đức', 'Công', 'Quốc', 'Thanh'];
const femaleMiddle = ['Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh'];
const maleGiven = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Trung', 'Vinh', 'Tuấn', 'Hiếu'];
const femaleGiven = ['Hoa', 'Lan', 'Mai', 'Hương', 'Thảo', 'Trang', 'Yến', 'Nga', 'Hằng', 'Linh', 'Nhung', 'Phượng', 'Tâm', 'Thủy'];
const villageNames = ['Phước Thiện', 'Tân Hội', 'Mỹ Hiệp', 'Văn Lâm', 'Hòa Thủy', 'Gò Đền', 'Thành Ý', 'An Xuân', 'Lương Cang', 'Hiếu Thiện', 'Bàu Trúc', 'Như Ngọc', 'Phú Nhuận', 'Tri Thủy', 'Mỹ Nhơn', 'Bỉnh Nghĩa'];

export async function loadDemoRegistry(deps: Deps): Promise<{ groups: number; people: number }> {
  const { db } = deps;
  if (await db.selectFrom('groups').select('id').limit(1).executeTakeFirst()) return { groups: 0, people: 0 };
  const rnd = random(2018_04_30);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (from: string, to: string) => addDays(from, Math.floor(rnd() * ((Date.parse(to) - Date.parse(from)) / 86_400_000)));
  const now = deps.clock.now().toISOString();

  const province = await db.selectFrom('units').selectAll().where('code', '=', '58').where('level', '=', 'province').orderBy('valid_from').executeTakeFirstOrThrow();
  const communes = await db.selectFrom('units').selectAll().where('level', '=', 'commune').where('path', 'like', `${province.path}%`).orderBy('code').execute();

  // Villages: four to seven in each commune, neighbourhoods in wards and towns, hamlets in communes.
  const villages: UnitRow[] = [];
  const byCommune = new Map<string, UnitRow[]>();
  for (const c of communes) {
    const count = 4 + Math.floor(rnd() * 4);
    const list: UnitRow[] = [];
    for (let i = 1; i <= count; i++) {
      const urban = c.kind === 'Phường' || c.kind === 'Thị trấn';
      const v = newUnitRow({
        code: `${c.code}-${String(i).padStart(3, '0')}`,
        name: urban ? `Khu phố ${i}` : `Thôn ${villageNames[(i + Number(c.code)) % villageNames.length]}${i > villageNames.length ? ` ${i}` : ''}`,
        kind: urban ? 'Khu phố' : 'Thôn',
        level: 'village',
        parent: c,
        validFrom: c.valid_from,
        now,
      });
      list.push(v);
    }
    byCommune.set(c.id, list);
    villages.push(...list);
  }
  await insertInChunks(db, 'units', villages, () => {});

  const groups: GroupsTable[] = [];
  const areas: GroupAreasTable[] = [];
  const statuses: GroupStatusesTable[] = [];
  const people: PeopleTable[] = [];
  const memberships: MembershipsTable[] = [];

  const person = (area: UnitRow): PeopleTable => {
    const female = rnd() < 0.4;
    const name = `${pick(families)} ${pick(female ? femaleMiddle : maleMiddle)} ${pick(female ? femaleGiven : maleGiven)}`;
    const p: PeopleTable = {
      id: uuidv7(),
      full_name: name,
      name_search: searchKey(name),
      gender: female ? 'female' : 'male',
      birth_date: null,
      birth_year: 1950 + Math.floor(rnd() * 45),
      cccd_enc: null,
      cccd_hash: null,
      cccd_last4: null,
      phone: rnd() < 0.7 ? `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : null,
      address_unit_id: area.id,
      address_text: null,
      registered_unit_id: area.id,
      occupation: null,
      ethnicity: null,
      religion: null,
      sensitive_consent_at: null,
      sensitive_consent_by: null,
      merged_into: null,
      province_code: area.province_code,
      created_at: now,
      updated_at: now,
    };
    people.push(p);
    return p;
  };

  let seq = 0;
  const group = (type: string, name: string, area: UnitRow, founded: string, members: { from: string; to: string | null }[], dissolvedOn?: string) => {
    const id = uuidv7();
    seq++;
    groups.push({
      id,
      type_code: type,
      name,
      name_search: searchKey(name),
      founded_on: founded,
      decision_number: `${(seq % 300) + 1}/QĐ-UBND`,
      decision_date: addDays(founded, -5),
      decision_issuer: `UBND ${communes.find((c) => c.id === (area.level === 'commune' ? area.id : area.parent_id))!.name.replace(/^(Phường|Xã|Thị trấn)/, (k) => k.toLowerCase())}`,
      contact_phone: null,
      contact_text: null,
      notes: null,
      province_code: area.province_code,
      created_at: now,
      updated_at: now,
    });
    areas.push({ id: uuidv7(), group_id: id, unit_id: area.id, valid_from: founded, valid_to: null, reason: null, province_code: area.province_code });
    statuses.push({ id: uuidv7(), group_id: id, status: 'active', valid_from: founded, valid_to: dissolvedOn ?? null, reason: null, decision_number: null, decision_date: null, decision_issuer: null, province_code: area.province_code });
    if (dissolvedOn) {
      statuses.push({ id: uuidv7(), group_id: id, status: 'dissolved', valid_from: dissolvedOn, valid_to: null, reason: 'Không còn phù hợp', decision_number: `${(seq % 90) + 1}/QĐ-UBND`, decision_date: dissolvedOn, decision_issuer: null, province_code: area.province_code });
    }
    members.forEach((m, i) =>
      memberships.push({ id: uuidv7(), group_id: id, person_id: person(area).id, role: i === 0 ? 'leader' : 'member', valid_from: m.from, valid_to: m.to, province_code: area.province_code }),
    );
  };
  const standing = (founded: string, n: number) => Array.from({ length: n }, () => ({ from: founded, to: null as string | null }));

  // Tổ nhân dân tự quản: 2,596 standing on the day, 1,829 of them with two members, 767 with one.
  for (let i = 0; i < 2596; i++) {
    const village = villages[i % villages.length]!;
    const founded = between('2005-01-01', BRIEF_DATE);
    group('to-tu-quan', `Tổ nhân dân tự quản số ${Math.floor(i / villages.length) + 1}, ${village.name}`, village, founded, standing(founded, i < 1829 ? 2 : 1));
  }
  // Đội dân phòng: 20, in twenty communes, 373 members (13 × 19 + 7 × 18).
  for (let i = 0; i < 20; i++) {
    const commune = communes[(i * 3) % communes.length]!;
    const founded = between('2005-01-01', '2017-12-31');
    group('doi-dan-phong', `Đội dân phòng ${commune.name.replace(/^(Phường|Xã|Thị trấn) /, '')}`, commune, founded, standing(founded, i < 13 ? 19 : 18));
  }
  // Tổ an ninh xung kích: 76, 612 members (72 × 8 + 4 × 9).
  for (let i = 0; i < 76; i++) {
    const village = villages[(i * 7) % villages.length]!;
    const founded = between('2008-01-01', '2018-03-31');
    group('to-an-ninh-xung-kich', `Tổ an ninh xung kích ${village.name}`, village, founded, standing(founded, i < 72 ? 8 : 9));
  }
  // Tộc họ tự quản về ANTT: 113 clans, members optional (some recorded).
  for (let i = 0; i < 113; i++) {
    const village = villages[(i * 5 + 2) % villages.length]!;
    const founded = between('2010-01-01', '2018-04-01');
    group('toc-ho-tu-quan', `Tộc họ ${families[i % families.length]} ${village.name}`, village, founded, standing(founded, i % 3 === 0 ? 2 : 0));
  }

  // What the census of 30/4/2018 must leave out.
  for (let i = 0; i < 40; i++) {
    const village = villages[(i * 11) % villages.length]!;
    const founded = between('2005-01-01', '2014-12-31');
    group('to-tu-quan', `Tổ nhân dân tự quản (đã giải thể) ${village.name} ${i + 1}`, village, founded, standing(founded, 2), between('2015-01-01', '2018-04-29'));
  }
  for (let i = 0; i < 60; i++) {
    const village = villages[(i * 13 + 1) % villages.length]!;
    const founded = between('2018-05-01', '2024-12-31');
    group('to-tu-quan', `Tổ nhân dân tự quản số ${i + 1} (thành lập mới), ${village.name}`, village, founded, standing(founded, 3));
  }
  for (let i = 0; i < 12; i++) {
    const village = villages[(i * 17 + 3) % villages.length]!;
    const founded = between('2019-01-01', '2024-12-31');
    group('xu-dao-binh-yen', `Xứ đạo bình yên ${village.name}`, village, founded, standing(founded, 6));
  }
  // Members who had left before the day, or joined after it, in groups that are counted.
  const counted = groups.filter((g) => g.type_code === 'to-tu-quan' && g.founded_on < '2015-01-01').slice(0, 300);
  counted.forEach((g, i) => {
    const area = villages.find((v) => v.id === areas.find((a) => a.group_id === g.id)!.unit_id)!;
    const from = i % 2 ? addDays(g.founded_on, 30) : '2018-05-01';
    const to = i % 2 ? between(addDays(g.founded_on, 31), '2018-04-30') : null;
    memberships.push({ id: uuidv7(), group_id: g.id, person_id: person(area).id, role: 'member', valid_from: from, valid_to: to, province_code: area.province_code });
  });

  await db.transaction().execute(async (trx) => {
    await insertInChunks(trx, 'groups', groups, () => {});
    await insertInChunks(trx, 'group_areas', areas, () => {});
    await insertInChunks(trx, 'group_statuses', statuses, () => {});
    await insertInChunks(trx, 'people', people, () => {}, 200);
    await insertInChunks(trx, 'memberships', memberships, () => {});
  });
  return { groups: groups.length, people: people.length };
}
