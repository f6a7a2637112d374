// One table of phone spellings and the stored form each must become (null: not a phone number).
// The unit test checks normalisePhone against it; tests/db/vocabulary.test.ts checks the SQL twin.
export const PHONE_CASES: readonly (readonly [string, string | null])[] = [
  // mainland mobile, as reps and Excel write it
  ['13800138000', '13800138000'],
  ['138 0013 8000', '13800138000'],
  ['138-0013-8000', '13800138000'],
  ['138.0013.8000', '13800138000'],
  ['(138) 0013 8000', '13800138000'],
  ['+86 138 0013 8000', '13800138000'],
  ['+86-13800138000', '13800138000'],
  ['0086 13800138000', '13800138000'],
  ['8613800138000', '13800138000'],
  ['\t13800138000\n', '13800138000'],
  ['138\u00a00013\u00a08000', '13800138000'], // no-break spaces from a web page
  ['138\u20140013\u20148000', '13800138000'], // em dashes
  ['\ufeff13800138000', '13800138000'], // a BOM glued to the first cell
  // full-width digits, plus sign, brackets and ideographic space, as a Chinese IME types them
  ['１３８００１３８０００', '13800138000'],
  ['＋８６　１３８　００１３　８０００', '13800138000'],
  ['１３８－００１３－８０００', '13800138000'],
  // landline with area code
  ['（０５７１）８８８８－６６６６', '057188886666'],
  ['0571-8888 6666', '057188886666'],
  ['(010) 1234-5678', '01012345678'],
  ['+86 21 1234 5678', '02112345678'],
  ['+86 571 8888 6666', '057188886666'],
  ['+86 (0571) 8888 6666', '057188886666'], // the 0 people keep after +86
  ['0086 10 1234 5678', '01012345678'],
  // business hotlines
  ['400-810-8888', '4008108888'],
  ['800 820 8820', '8008208820'],
  // elsewhere: E.164
  ['+852 9123 4567', '+85291234567'],
  ['00852 91234567', '+85291234567'],
  ['+1 (415) 555-0100', '+14155550100'],
  // not phone numbers
  ['1381234', null], // the import row: 7 digits
  ['12345', null],
  ['1380013800', null], // 10 digits
  ['138001380001', null], // 12 digits
  ['23800138000', null],
  ['88886666', null], // landline without its area code
  ['86123456', null],
  ['abc', null],
  ['138-0013-800x', null],
  ['++8613800138000', null],
  ['+0123456789', null],
  ['+86', null],
  ['', null],
  ['   ', null],
  ['13800138000 转 8', null], // an extension is a note, not a number
];
