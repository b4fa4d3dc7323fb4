// Vietnamese banks and e-wallets that hold accounts reachable through Napas.
//
// BINs come from Napas' public list of member banks (the same list VietQR publishes), and the
// short codes follow the VietQR bank codes so values read like what banking apps show.
// Banks merge and rename: administrators update this file, and an old name stays as an alias
// so older reports still match. Aliases are matched accent- and case-insensitively, on whole
// words, longest first ("ngân hàng Sài Gòn Thương Tín" is Sacombank, not SCB).

export type Bank = {
  /** Code used in target values (`VCB:0123456789`); upper-case letters and digits. */
  shortCode: string;
  /** Napas BIN, six digits. */
  bin: string;
  /** Brand name people use. */
  name: string;
  /** Official Vietnamese name. */
  fullName: string;
  /** Other names and codes people write. */
  aliases: readonly string[];
};

export const BANKS: readonly Bank[] = [
  { shortCode: 'VCB', bin: '970436', name: 'Vietcombank', fullName: 'Ngân hàng TMCP Ngoại thương Việt Nam', aliases: ['ngân hàng ngoại thương'] },
  { shortCode: 'ICB', bin: '970415', name: 'VietinBank', fullName: 'Ngân hàng TMCP Công thương Việt Nam', aliases: ['vietin bank', 'CTG', 'ngân hàng công thương'] },
  { shortCode: 'BIDV', bin: '970418', name: 'BIDV', fullName: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam', aliases: ['ngân hàng đầu tư và phát triển'] },
  { shortCode: 'VBA', bin: '970405', name: 'Agribank', fullName: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', aliases: ['agri bank', 'ngân hàng nông nghiệp'] },
  { shortCode: 'TCB', bin: '970407', name: 'Techcombank', fullName: 'Ngân hàng TMCP Kỹ thương Việt Nam', aliases: ['techcom bank', 'ngân hàng kỹ thương'] },
  { shortCode: 'MB', bin: '970422', name: 'MB Bank', fullName: 'Ngân hàng TMCP Quân đội', aliases: ['mbbank', 'ngân hàng quân đội', 'military bank'] },
  { shortCode: 'ACB', bin: '970416', name: 'ACB', fullName: 'Ngân hàng TMCP Á Châu', aliases: ['ngân hàng á châu', 'asia commercial bank'] },
  { shortCode: 'VPB', bin: '970432', name: 'VPBank', fullName: 'Ngân hàng TMCP Việt Nam Thịnh Vượng', aliases: ['vp bank', 'ngân hàng việt nam thịnh vượng'] },
  { shortCode: 'TPB', bin: '970423', name: 'TPBank', fullName: 'Ngân hàng TMCP Tiên Phong', aliases: ['tp bank', 'ngân hàng tiên phong'] },
  { shortCode: 'STB', bin: '970403', name: 'Sacombank', fullName: 'Ngân hàng TMCP Sài Gòn Thương Tín', aliases: ['sacom bank'] },
  { shortCode: 'HDB', bin: '970437', name: 'HDBank', fullName: 'Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh', aliases: ['hd bank'] },
  { shortCode: 'VIB', bin: '970441', name: 'VIB', fullName: 'Ngân hàng TMCP Quốc tế Việt Nam', aliases: ['ngân hàng quốc tế'] },
  { shortCode: 'SHB', bin: '970443', name: 'SHB', fullName: 'Ngân hàng TMCP Sài Gòn – Hà Nội', aliases: ['ngân hàng sài gòn hà nội'] },
  { shortCode: 'EIB', bin: '970431', name: 'Eximbank', fullName: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam', aliases: ['exim bank', 'ngân hàng xuất nhập khẩu'] },
  { shortCode: 'MSB', bin: '970426', name: 'MSB', fullName: 'Ngân hàng TMCP Hàng Hải Việt Nam', aliases: ['maritime bank', 'maritimebank', 'ngân hàng hàng hải'] },
  { shortCode: 'SEAB', bin: '970440', name: 'SeABank', fullName: 'Ngân hàng TMCP Đông Nam Á', aliases: ['sea bank', 'ngân hàng đông nam á'] },
  { shortCode: 'OCB', bin: '970448', name: 'OCB', fullName: 'Ngân hàng TMCP Phương Đông', aliases: ['orient commercial bank', 'ngân hàng phương đông'] },
  { shortCode: 'LPB', bin: '970449', name: 'LPBank', fullName: 'Ngân hàng TMCP Lộc Phát Việt Nam', aliases: ['lp bank', 'lienvietpostbank', 'lienviet post bank', 'lien viet post bank', 'ngân hàng bưu điện liên việt', 'ngân hàng lộc phát'] },
  { shortCode: 'NAB', bin: '970428', name: 'Nam A Bank', fullName: 'Ngân hàng TMCP Nam Á', aliases: ['namabank', 'ngân hàng nam á'] },
  { shortCode: 'ABB', bin: '970425', name: 'ABBANK', fullName: 'Ngân hàng TMCP An Bình', aliases: ['ab bank', 'ngân hàng an bình'] },
  { shortCode: 'BAB', bin: '970409', name: 'Bac A Bank', fullName: 'Ngân hàng TMCP Bắc Á', aliases: ['bacabank', 'ngân hàng bắc á'] },
  { shortCode: 'VAB', bin: '970427', name: 'VietABank', fullName: 'Ngân hàng TMCP Việt Á', aliases: ['viet a bank', 'ngân hàng việt á'] },
  { shortCode: 'BVB', bin: '970438', name: 'BaoViet Bank', fullName: 'Ngân hàng TMCP Bảo Việt', aliases: ['baovietbank', 'bao viet bank', 'ngân hàng bảo việt'] },
  { shortCode: 'KLB', bin: '970452', name: 'Kienlongbank', fullName: 'Ngân hàng TMCP Kiên Long', aliases: ['kien long bank', 'ngân hàng kiên long'] },
  { shortCode: 'NCB', bin: '970419', name: 'NCB', fullName: 'Ngân hàng TMCP Quốc Dân', aliases: ['ngân hàng quốc dân'] },
  { shortCode: 'PGB', bin: '970430', name: 'PGBank', fullName: 'Ngân hàng TMCP Thịnh vượng và Phát triển', aliases: ['pg bank', 'ngân hàng xăng dầu petrolimex'] },
  { shortCode: 'SGICB', bin: '970400', name: 'Saigonbank', fullName: 'Ngân hàng TMCP Sài Gòn Công Thương', aliases: ['saigon bank', 'SGB'] },
  { shortCode: 'SCB', bin: '970429', name: 'SCB', fullName: 'Ngân hàng TMCP Sài Gòn', aliases: ['ngân hàng sài gòn'] },
  { shortCode: 'VIETBANK', bin: '970433', name: 'VietBank', fullName: 'Ngân hàng TMCP Việt Nam Thương Tín', aliases: ['viet bank', 'ngân hàng việt nam thương tín'] },
  { shortCode: 'PVCB', bin: '970412', name: 'PVcomBank', fullName: 'Ngân hàng TMCP Đại Chúng Việt Nam', aliases: ['pvcom bank', 'ngân hàng đại chúng'] },
  { shortCode: 'GPB', bin: '970408', name: 'GPBank', fullName: 'Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu', aliases: ['gp bank', 'ngân hàng dầu khí toàn cầu'] },
  // OceanBank became MBV (Ngân hàng TNHH MTV Việt Nam Hiện Đại) in 2025; same BIN.
  { shortCode: 'OCEANBANK', bin: '970414', name: 'OceanBank (MBV)', fullName: 'Ngân hàng TNHH MTV Việt Nam Hiện Đại', aliases: ['oceanbank', 'ocean bank', 'MBV', 'ngân hàng đại dương'] },
  // CBBank became VCBNeo in 2025; same BIN.
  { shortCode: 'CBB', bin: '970444', name: 'CBBank (VCBNeo)', fullName: 'Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam', aliases: ['cbbank', 'cb bank', 'vcbneo', 'ngân hàng xây dựng'] },
  { shortCode: 'VCCB', bin: '970454', name: 'BVBank (Viet Capital Bank)', fullName: 'Ngân hàng TMCP Bản Việt', aliases: ['bvbank', 'viet capital bank', 'vietcapitalbank', 'ngân hàng bản việt'] },
  // DongA Bank became Vikki Bank in 2025; same BIN.
  { shortCode: 'DOB', bin: '970406', name: 'DongA Bank (Vikki)', fullName: 'Ngân hàng TMCP Đông Á', aliases: ['donga bank', 'dong a bank', 'dongabank', 'DAB', 'vikki', 'vikki bank', 'ngân hàng đông á'] },
  { shortCode: 'SHBVN', bin: '970424', name: 'Shinhan Bank', fullName: 'Ngân hàng TNHH MTV Shinhan Việt Nam', aliases: ['shinhan', 'shinhanbank'] },
  { shortCode: 'WVN', bin: '970457', name: 'Woori Bank', fullName: 'Ngân hàng TNHH MTV Woori Việt Nam', aliases: ['woori', 'wooribank'] },
  { shortCode: 'UOB', bin: '970458', name: 'UOB', fullName: 'Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)', aliases: ['united overseas bank'] },
  { shortCode: 'PBVN', bin: '970439', name: 'Public Bank', fullName: 'Ngân hàng TNHH MTV Public Việt Nam', aliases: ['publicbank'] },
  { shortCode: 'CIMB', bin: '422589', name: 'CIMB', fullName: 'Ngân hàng TNHH MTV CIMB Việt Nam', aliases: [] },
  { shortCode: 'CAKE', bin: '546034', name: 'Cake by VPBank', fullName: 'Ngân hàng số Cake by VPBank', aliases: ['cake'] },
  { shortCode: 'UBANK', bin: '546035', name: 'Ubank by VPBank', fullName: 'Ngân hàng số Ubank by VPBank', aliases: [] },
  { shortCode: 'TIMO', bin: '963388', name: 'Timo', fullName: 'Ngân hàng số Timo by Bản Việt', aliases: ['timo by ban viet bank'] },
  { shortCode: 'COOPBANK', bin: '970446', name: 'Co-opBank', fullName: 'Ngân hàng Hợp tác xã Việt Nam', aliases: ['co-op bank', 'ngân hàng hợp tác xã'] },
  { shortCode: 'KBANK', bin: '668888', name: 'KBank', fullName: 'Ngân hàng Đại chúng TNHH Kasikornbank – Chi nhánh TP. Hồ Chí Minh', aliases: ['kasikornbank', 'kasikorn bank'] },
  { shortCode: 'HSBC', bin: '458761', name: 'HSBC', fullName: 'Ngân hàng TNHH MTV HSBC (Việt Nam)', aliases: [] },
  { shortCode: 'SCVN', bin: '970410', name: 'Standard Chartered', fullName: 'Ngân hàng TNHH MTV Standard Chartered Bank Việt Nam', aliases: ['standard chartered bank'] },
  { shortCode: 'HLBVN', bin: '970442', name: 'Hong Leong Bank', fullName: 'Ngân hàng TNHH MTV Hong Leong Việt Nam', aliases: ['hong leong'] },
  { shortCode: 'IVB', bin: '970434', name: 'Indovina Bank', fullName: 'Ngân hàng TNHH Indovina', aliases: ['indovina'] },
  { shortCode: 'VRB', bin: '970421', name: 'VRB', fullName: 'Ngân hàng Liên doanh Việt – Nga', aliases: ['ngân hàng liên doanh việt nga'] },
  { shortCode: 'VTLMONEY', bin: '971005', name: 'Viettel Money', fullName: 'Tổng Công ty Dịch vụ số Viettel', aliases: ['viettelmoney', 'viettel pay', 'viettelpay'] },
  { shortCode: 'VNPTMONEY', bin: '971011', name: 'VNPT Money', fullName: 'VNPT Money', aliases: ['vnptmoney', 'vnpt pay'] },
];
