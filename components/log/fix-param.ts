// The URL parameter of the "fix and resend" sheet (?fix=<entry id>): a module of its own, so screens
// can link to the sheet without loading it (components/log/fix-entry-sheet.tsx loads when opened).
export const FIX_PARAM = 'fix';
