/** The columns of the groups-and-members sheet: how a header is recognised, and how the template names it. */
export const columns = {
  area: (k: string) => k.startsWith('ma dia ban') || k.startsWith('ma xa') || k.startsWith('ma thon'),
  group: (k: string) => k.startsWith('ten to') || k.startsWith('ten doi') || k.startsWith('ten mo hinh'),
  type: (k: string) => k.startsWith('loai'),
  founded: (k: string) => k.startsWith('ngay thanh lap'),
  decisionNumber: (k: string) => k.startsWith('so quyet dinh') || k.startsWith('so qd'),
  decisionDate: (k: string) => k.startsWith('ngay quyet dinh') || k.startsWith('ngay qd'),
  decisionIssuer: (k: string) => k.startsWith('co quan'),
  name: (k: string) => k.startsWith('ho va ten') || k.startsWith('ho ten'),
  gender: (k: string) => k.startsWith('gioi tinh'),
  birth: (k: string) => k.startsWith('ngay sinh') || k.startsWith('nam sinh'),
  cccd: (k: string) => k.includes('cccd') || k.includes('can cuoc'),
  phone: (k: string) => k.startsWith('dien thoai') || k.startsWith('so dien thoai'),
  role: (k: string) => k.startsWith('vai tro') || k.startsWith('chuc vu'),
  joined: (k: string) => k.startsWith('ngay vao'),
};
export type Column = keyof typeof columns;

/** Columns a sheet must have; the others may be left out. */
export const requiredColumns: Column[] = ['area', 'group', 'type', 'founded'];

export const sheetHeaders: Record<Column, string> = {
  area: 'Mã địa bàn (thôn hoặc xã)',
  group: 'Tên tổ, đội',
  type: 'Loại mô hình',
  founded: 'Ngày thành lập',
  decisionNumber: 'Số quyết định',
  decisionDate: 'Ngày quyết định',
  decisionIssuer: 'Cơ quan ban hành',
  name: 'Họ và tên thành viên',
  gender: 'Giới tính',
  birth: 'Ngày sinh',
  cccd: 'Số CCCD',
  phone: 'Điện thoại',
  role: 'Vai trò',
  joined: 'Ngày vào tổ',
};
