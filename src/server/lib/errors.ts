import type { Language } from '../../shared/common.js';

/** A param is the same in both languages, or given per language (e.g. a level's name). */
export type Params = Record<string, string | number | { vi: string; en: string }>;
interface ErrorDef {
  status: number;
  vi: string;
  en: string;
}

/**
 * Every error the API can return, with a stable code and both languages. Messages may hold
 * `{name}` placeholders filled from the error's params.
 */
export const errorCatalog = {
  // {detail}: the first refused field and why, when its schema gives a reason (fieldReasons); else nothing.
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu gửi lên không hợp lệ.{detail}', en: 'The request data is not valid.{detail}' },
  MALFORMED_JSON: { status: 400, vi: 'Dữ liệu JSON bị lỗi cú pháp.', en: 'The JSON body is malformed.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Không nhận loại dữ liệu này: gửi JSON, hoặc tệp .xlsx/.csv ở nơi nhập bảng tính.',
    en: 'This kind of body is not accepted: send JSON, or an .xlsx/.csv file where a spreadsheet is imported.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  UNAUTHENTICATED: { status: 401, vi: 'Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn.', en: 'You are not logged in or your session has expired.' },
  INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  ACCOUNT_DISABLED: { status: 401, vi: 'Tài khoản đã bị khóa. Liên hệ quản trị viên.', en: 'This account is disabled. Contact an administrator.' },
  TOTP_REQUIRED: { status: 401, vi: 'Nhập mã xác thực 6 số từ ứng dụng xác thực.', en: 'Enter the 6-digit code from your authenticator app.' },
  TOTP_INVALID: { status: 401, vi: 'Mã xác thực không đúng hoặc đã được dùng.', en: 'The authentication code is wrong or was already used.' },
  LOGIN_THROTTLED: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.',
    en: 'Too many failed logins. Try again in {seconds} seconds.',
  },
  CSRF_REJECTED: {
    status: 403,
    vi: 'Yêu cầu bị từ chối vì không đến từ trang Tự Quản (thiếu mã chống giả mạo).',
    en: 'Request refused: it did not come from the Tự Quản app (missing anti-forgery token).',
  },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  OUT_OF_SCOPE: { status: 403, vi: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.', en: 'This area is outside your scope.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn cần đổi mật khẩu trước khi tiếp tục.', en: 'You must change your password before going on.' },
  TOTP_ENROLLMENT_REQUIRED: {
    status: 403,
    vi: 'Vai trò của bạn bắt buộc xác thực hai lớp. Hãy cài đặt trước khi tiếp tục.',
    en: 'Your role requires two-factor authentication. Set it up before going on.',
  },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  USER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy người dùng.', en: 'User not found.' },
  UNIT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đơn vị hành chính.', en: 'Administrative unit not found.' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập "{username}" đã có người dùng.', en: 'The username "{username}" is taken.' },
  UNIT_EXISTS: {
    status: 409,
    vi: 'Đã có đơn vị mã {code} hiệu lực trong khoảng thời gian này.',
    en: 'A unit with code {code} is already valid in this period.',
  },
  UNIT_IN_USE: {
    status: 409,
    vi: 'Không thể xóa đơn vị đang có đơn vị trực thuộc hoặc người dùng.',
    en: 'A unit with child units or users cannot be deleted.',
  },
  UNIT_INVALID_PARENT: {
    status: 400,
    vi: 'Đơn vị cấp {level} phải trực thuộc {parents}.',
    en: 'A {level} unit must belong to {parents}.',
  },
  UNIT_PERIOD_ORDER: { status: 400, vi: 'Ngày hết hiệu lực phải sau ngày bắt đầu.', en: 'The end date must be after the start date.' },
  UNIT_PERIOD_OUTSIDE_PARENT: {
    status: 400,
    vi: 'Thời gian hiệu lực phải nằm trong thời gian hiệu lực của đơn vị cấp trên ({from} – {to}).',
    en: "The validity period must lie within the parent unit's ({from} – {to}).",
  },
  UNIT_CHILDREN_OUTLIVE: {
    status: 400,
    vi: 'Còn đơn vị trực thuộc hiệu lực sau ngày {date}; hãy kết thúc chúng trước.',
    en: 'Child units are still valid after {date}; end them first.',
  },
  UNIT_INVALID_KIND: { status: 400, vi: 'Loại "{kind}" không thuộc cấp {level}.', en: 'Kind "{kind}" does not belong to the {level} level.' },
  SCOPE_UNIT_CLOSED: {
    status: 400,
    vi: 'Đơn vị được chọn làm phạm vi không có hiệu lực vào hôm nay (đã kết thúc hoặc chưa bắt đầu).',
    en: 'The unit chosen as scope is not valid today (it has ended or not yet begun).',
  },
  SCOPE_LEVEL: {
    status: 400,
    vi: 'Vai trò này cần phạm vi ở cấp {levels}.',
    en: 'This role needs a scope at the {levels} level.',
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    vi: 'Bạn không thể giao vai trò này hoặc phạm vi này.',
    en: 'You cannot grant this role or this scope.',
  },
  CANNOT_CHANGE_SELF: {
    status: 409,
    vi: 'Bạn không thể tự khóa, đổi vai trò hoặc phạm vi của chính mình.',
    en: 'You cannot disable yourself or change your own role or scope.',
  },
  SCOPE_REQUIRED: { status: 400, vi: 'Vai trò này cần một địa bàn quản lý.', en: 'This role needs a scope unit.' },
  WRONG_PASSWORD: { status: 400, vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  WEAK_PASSWORD: {
    status: 400,
    vi: 'Mật khẩu chưa đạt: {reasons}.',
    en: 'Password not accepted: {reasons}.',
  },
  PASSWORD_REUSED: { status: 400, vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.', en: 'The new password must differ from the current one.' },
  TOTP_NOT_SET_UP: { status: 409, vi: 'Chưa bắt đầu cài đặt xác thực hai lớp.', en: 'Two-factor set-up has not been started.' },
  TOTP_REQUIRED_BY_ROLE: {
    status: 409,
    vi: 'Vai trò của bạn bắt buộc xác thực hai lớp, không thể tắt.',
    en: 'Your role requires two-factor authentication; it cannot be turned off.',
  },
  IMPORT_INVALID_FILE: {
    status: 400,
    vi: 'Tệp không đúng định dạng: {reason}',
    en: 'The file is not in the expected format: {reason}',
  },
  IMPORT_UNKNOWN_CODE: {
    status: 400,
    vi: 'Tệp nhắc đến mã đơn vị {code} ({name}) nhưng không có đơn vị nào mang mã này vào ngày {date}.',
    en: 'The file names unit code {code} ({name}) but no unit has that code on {date}.',
  },
  IMPORT_CYCLE: {
    status: 400,
    vi: 'Đơn vị mới {code} được ghi là hình thành từ chính nó hoặc từ một đơn vị mới khác của cùng đợt sắp xếp (vòng lặp).',
    en: 'New unit {code} is recorded as formed from itself or from another new unit of the same event (a cycle).',
  },
  IMPORT_DUPLICATE_CODE: {
    status: 400,
    vi: 'Mã {code} xuất hiện nhiều lần trong tệp.',
    en: 'Code {code} appears more than once in the file.',
  },
  IMPORT_CONFLICT: {
    status: 409,
    vi: 'Đã có một đợt sắp xếp khác có hiệu lực ngày {date}; không thể nhập chồng lên.',
    en: 'Another reorganisation already takes effect on {date}; it cannot be imported over.',
  },
  PLACEMENT_DONE: { status: 409, vi: 'Thôn này đã được xếp vào xã mới.', en: 'This village has already been placed.' },
  PLACEMENT_NOT_CANDIDATE: {
    status: 400,
    vi: 'Chỉ có thể xếp thôn vào một trong các xã/phường mới hình thành từ xã cũ của nó.',
    en: 'A village can only go to one of the new communes formed from its old commune.',
  },
  IMPORT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lượt nhập dữ liệu.', en: 'Import not found.' },
  UNIT_MOVE_VILLAGES_ONLY: { status: 400, vi: 'Chỉ chuyển được thôn, tổ dân phố sang xã khác.', en: 'Only villages can be moved to another commune.' },
  UNIT_MOVE_SAME_PARENT: { status: 400, vi: 'Thôn này đã thuộc xã/phường được chọn.', en: 'The village already belongs to that commune.' },
  UNIT_MOVE_DATE: {
    status: 400,
    vi: 'Ngày chuyển phải nằm sau ngày bắt đầu và trước ngày kết thúc của thôn ({from} – {to}).',
    en: "The move date must fall after the village's start and before its end ({from} – {to}).",
  },
  UNIT_RENAME_VILLAGES_ONLY: { status: 400, vi: 'Chỉ đổi tên theo ngày được với thôn, tổ dân phố.', en: 'Only villages can be renamed from a date.' },
  UNIT_RENAME_SAME: { status: 400, vi: 'Tên mới trùng với tên hiện tại của thôn.', en: 'The new name is the village’s current name.' },
  UNIT_RENAME_DATE: {
    status: 400,
    vi: 'Ngày đổi tên phải sau ngày thôn bắt đầu, trước ngày thôn kết thúc và không sau hôm nay ({from} – {to}).',
    en: "The rename date must fall after the village's start, before its end and no later than today ({from} – {to}).",
  },
  MODEL_TYPE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy loại mô hình.', en: 'Model type not found.' },
  MODEL_TYPE_EXISTS: { status: 409, vi: 'Đã có loại mô hình mã "{code}".', en: 'A model type with code "{code}" exists.' },
  MODEL_TYPE_BUILT_IN: {
    status: 409,
    vi: 'Không sửa hay ngừng được loại mô hình có sẵn của hệ thống.',
    en: 'Built-in model types cannot be edited or retired.',
  },
  MODEL_TYPE_RETIRED: { status: 409, vi: 'Loại mô hình này đã ngừng sử dụng từ {date}.', en: 'This model type was retired on {date}.' },
  GROUP_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tổ, đội, mô hình.', en: 'Group not found.' },
  GROUP_AREA_LEVEL: { status: 400, vi: 'Địa bàn của mô hình phải là một thôn, tổ dân phố hoặc một xã, phường.', en: 'A group’s area must be a village or a commune.' },
  GROUP_AREA_NOT_VALID: {
    status: 400,
    vi: 'Địa bàn được chọn không tồn tại vào ngày {date}.',
    en: 'The chosen area does not exist on {date}.',
  },
  GROUP_DATE_ORDER: {
    status: 400,
    vi: 'Ngày thay đổi phải sau lần thay đổi trước ({date}).',
    en: 'The date of a change must come after the previous one ({date}).',
  },
  // details: { pastChanges, pastChangeCount }: the censuses that change, for the user to review and confirm.
  PAST_CENSUS_CHANGE: {
    status: 409,
    vi: 'Thay đổi này làm thay đổi số liệu thống kê đã báo cáo hoặc đã quá một tháng. Hãy xem lại và xác nhận.',
    en: 'This change alters census figures that were already reported or are more than a month old. Review them and confirm.',
  },
  GROUP_FOUNDED_ORDER: {
    status: 400,
    vi: 'Ngày thành lập không được sau ngày {date} (trước lần thay đổi địa bàn, trạng thái đầu tiên và không sau ngày vào tổ sớm nhất của thành viên).',
    en: 'The founding date may not be after {date} (before the first change of area or status, and not after the earliest joining of a member).',
  },
  GROUP_SAME_STATE: { status: 400, vi: 'Mô hình đã ở trạng thái hoặc địa bàn này.', en: 'The group is already in that status or area.' },
  PERSON_NOT_FOUND: { status: 404, vi: 'Không tìm thấy người này.', en: 'Person not found.' },
  CCCD_INVALID: {
    status: 400,
    vi: 'Số căn cước công dân không hợp lệ: {reason}',
    en: 'Invalid citizen ID number: {reason}',
  },
  CCCD_TAKEN: {
    status: 409,
    vi: 'Đã có người mang số căn cước công dân này; hãy dùng hồ sơ đã có.',
    en: 'A person with this citizen ID number is already registered; use that record.',
  },
  SENSITIVE_NEEDS_CONSENT: {
    status: 400,
    vi: 'Dân tộc, tôn giáo chỉ được ghi khi có sự đồng ý của người đó.',
    en: 'Ethnicity and religion are recorded only with the person’s consent.',
  },
  REGISTERED_AREA_REQUIRED: {
    status: 400,
    vi: 'Cần chọn địa chỉ (đơn vị hành chính) cho người này.',
    en: 'Choose an address (administrative unit) for this person.',
  },
  MEMBERSHIP_EXISTS: { status: 409, vi: 'Người này đang là thành viên của tổ vào ngày đó.', en: 'This person is already a member on that date.' },
  LEADER_EXISTS: { status: 409, vi: 'Tổ đã có tổ trưởng vào ngày đó.', en: 'The group already has a leader on that date.' },
  MEMBERSHIP_NOT_FOUND: { status: 404, vi: 'Không tìm thấy thành viên.', en: 'Membership not found.' },
  MEMBERSHIP_DATE: {
    status: 400,
    vi: 'Ngày không hợp lệ: phải sau ngày vào tổ ({date}) và không trước ngày thành lập tổ.',
    en: 'Invalid date: it must come after the joining date ({date}) and not before the group was founded.',
  },
  GROUP_LINK_SELF: { status: 400, vi: 'Không thể liên kết một tổ với chính nó.', en: 'A group cannot be linked to itself.' },
  GROUP_LINK_EXISTS: { status: 409, vi: 'Hai tổ này đã có liên kết như vậy.', en: 'These groups are already linked this way.' },
  GROUP_LINK_NOT_FOUND: { status: 404, vi: 'Không tìm thấy liên kết.', en: 'Link not found.' },
  PERSON_MERGE_SELF: { status: 400, vi: 'Không thể gộp một hồ sơ với chính nó.', en: 'A record cannot be merged into itself.' },
  PERSON_MERGED: {
    status: 409,
    vi: 'Hồ sơ này đã được gộp vào một hồ sơ khác; hãy dùng hồ sơ đó.',
    en: 'This record has already been merged into another one; use that record.',
  },
  IMPORT_ROWS_INVALID: {
    status: 400,
    vi: 'Tệp có {count} lỗi; chưa ghi dòng nào. Sửa các dòng được chỉ ra rồi nhập lại.',
    en: 'The file has {count} errors; nothing was written. Fix the rows shown and import again.',
  },
  // Accounts (NIST SP 800-63B): password change throttling, second factor and short passwords.
  PASSWORD_THROTTLED: {
    status: 429,
    vi: 'Nhập sai mật khẩu hiện tại quá nhiều lần. Vui lòng thử lại sau {seconds} giây.',
    en: 'Too many wrong current passwords. Try again in {seconds} seconds.',
  },
  TOTP_DISABLE_SHORT_PASSWORD: {
    status: 409,
    vi: 'Mật khẩu của bạn ngắn hơn {min} ký tự, chỉ đủ khi có xác thực hai lớp: hãy đổi mật khẩu dài hơn trước khi tắt.',
    en: 'Your password is shorter than {min} characters, enough only with two-factor authentication: change it to a longer one before turning it off.',
  },
  // Identity policy: people outside the scope are never named; membership requests instead.
  PERSON_MERGE_OUT_OF_SCOPE: {
    status: 403,
    vi: 'Chỉ gộp được hai hồ sơ cùng đăng ký trong địa bàn của bạn, khi mọi tổ, đội có họ cũng thuộc địa bàn đó.',
    en: 'Two records can be merged only when both are registered in your area and every group they are in lies in it too.',
  },
  CCCD_HELD_ELSEWHERE: {
    status: 409,
    vi: 'Số căn cước công dân này đã được đăng ký cho một người ngoài địa bàn của bạn. Nếu người đó tham gia tổ, đội của bạn, hãy gửi đề nghị kết nạp từ trang của tổ, đội.',
    en: 'This citizen ID number is already registered to someone outside your area. If they join one of your groups, send a membership request from the group’s page.',
  },
  MEMBERSHIP_REQUEST_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đề nghị kết nạp.', en: 'Membership request not found.' },
  MEMBERSHIP_REQUEST_VISIBLE: {
    status: 409,
    vi: 'Người này đã có trong địa bàn của bạn: hãy thêm trực tiếp vào tổ, đội, không cần đề nghị.',
    en: 'This person is already in your area: add them to the group directly, no request is needed.',
  },
  MEMBERSHIP_REQUEST_DECIDED: {
    status: 409,
    vi: 'Đề nghị này đã được xử lý hoặc đã rút.',
    en: 'This request has already been decided or withdrawn.',
  },
  // Bad input: bodies too deep for any form, and the reasons a field is refused (see fieldReasons).
  BODY_TOO_COMPLEX: {
    status: 400,
    vi: 'Dữ liệu gửi lên lồng nhau quá sâu (quá {depth} tầng) hoặc có quá nhiều phần tử (quá {nodes}); không biểu mẫu nào gửi như vậy.',
    en: 'The request body is nested too deeply (over {depth} levels) or has too many elements (over {nodes}); no form sends that.',
  },
  INTERNAL: {
    status: 500,
    vi: 'Đã có lỗi trong hệ thống. Thao tác chưa được thực hiện; vui lòng thử lại.',
    en: 'Something went wrong on our side. Nothing was changed; please try again.',
  },
  BAD_CURSOR: {
    status: 400,
    vi: 'Con trỏ trang không hợp lệ (đã bị sửa, hoặc thuộc một cách sắp xếp khác). Hãy tải lại danh sách từ trang đầu.',
    en: 'The page cursor is not valid (altered, or from another sort order). Reload the list from its first page.',
  },
  // Personal data kept out of URLs and logs (issue 9, point 4).
  CCCD_IN_URL: {
    status: 400,
    vi: 'Không gửi số căn cước công dân trong địa chỉ (URL): địa chỉ được ghi vào nhật ký máy chủ và lịch sử trình duyệt. Hãy tìm bằng POST /api/people/search (hoặc xuất bằng POST /api/people/export), số CCCD đặt trong nội dung yêu cầu.',
    en: 'Do not send a citizen ID number in the address (URL): addresses are written to server logs and browser history. Search with POST /api/people/search (or export with POST /api/people/export), the number in the request body.',
  },
} satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof errorCatalog;

/**
 * Why a field was refused, by the reason key its shared schema gives (src/shared/dates.ts,
 * text.ts): the 400 names the field and says why, in the request's language. The sheet imports
 * use the same texts for their row errors.
 */
export const fieldReasons = {
  date: { vi: 'không phải một ngày có thật (dạng YYYY-MM-DD)', en: 'not a real date (YYYY-MM-DD)' },
  'unit-date': {
    vi: 'phải là một ngày có thật, từ 1/1/1800 đến mười năm sau hôm nay',
    en: 'must be a real date from 1 January 1800 to ten years from today',
  },
  'event-date': {
    vi: 'phải là một ngày có thật, từ 1/1/1945 đến một năm sau hôm nay',
    en: 'must be a real date from 1 January 1945 to a year from today',
  },
  'birth-date': { vi: 'ngày sinh phải là một ngày có thật, từ 1/1/1900 đến hôm nay', en: 'the date of birth must be a real date from 1 January 1900 to today' },
  'birth-year': { vi: 'năm sinh phải từ 1900 đến năm nay', en: 'the year of birth must be between 1900 and this year' },
  month: { vi: 'không phải một tháng có thật từ 1900 đến 2100 (dạng YYYY-MM)', en: 'not a real month from 1900 to 2100 (YYYY-MM)' },
  'day-or-month': {
    vi: 'không phải một tháng (YYYY-MM) hay một ngày (YYYY-MM-DD) có thật, từ 1900 đến 2100',
    en: 'not a real month (YYYY-MM) or day (YYYY-MM-DD) from 1900 to 2100',
  },
  phone: {
    vi: 'không phải số điện thoại: di động 10 chữ số (03, 05, 07, 08, 09…), cố định 11 chữ số (02…), có thể viết +84 thay số 0 đầu, có dấu cách, dấu chấm, gạch ngang',
    en: 'not a phone number: a mobile has 10 digits (03, 05, 07, 08, 09…), a landline 11 (02…), +84 may stand for the leading 0, spaces, dots and dashes allowed',
  },
  'text-hidden': {
    vi: 'có ký tự điều khiển hoặc ký tự đổi chiều văn bản (không nhìn thấy được, có thể làm chữ đọc sai); hãy gõ lại',
    en: 'holds control or text-direction characters (invisible, and able to make the text read as something else); type it again',
  },
} satisfies Record<string, { vi: string; en: string }>;
export type FieldReason = keyof typeof fieldReasons;

export function isFieldReason(s: unknown): s is FieldReason {
  return typeof s === 'string' && Object.hasOwn(fieldReasons, s);
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = errorCatalog[code].status;
  }

  message_(lang: Language): string {
    return errorMessage(this.code, lang, this.params);
  }
}

export function errorMessage(code: ErrorCode, lang: Language, params: Params = {}): string {
  const template = errorCatalog[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = params[key];
    if (v === undefined) return '';
    return typeof v === 'object' ? v[lang] : String(v);
  });
}

export function fail(code: ErrorCode, params?: Params, details?: unknown): never {
  throw new AppError(code, params, details);
}
